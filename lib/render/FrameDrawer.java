package render;

import contract.ErrorName;
import contract.RenderFailure;
import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws the frames of one range, in order, with Java2D on TYPE_3BYTE_BGR images (whose backing
 * array is what ffmpeg reads as bgr24). Frame i depends only on the composition and i: the range
 * decides which source frames the clip decoders start at, never what a frame looks like. Everything
 * reusable (shapes, scaled images, glyph outlines, Graphics2D per target) is built once per render.
 */
final class FrameDrawer implements AutoCloseable {
    static {
        // Must precede the first Graphics2D: the renderer runs where there is no display (Lambda).
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private final Composition c;
    private final FrameRange range;
    private final byte[] background;
    private final List<Object> resources = new ArrayList<>();
    private final Map<BufferedImage, Graphics2D> graphics = new IdentityHashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final AffineTransform layerTransform = new AffineTransform();
    private final AffineTransform imageOffset = new AffineTransform();
    /** Leading layers baked into {@link #background}: identical in every frame of the range. */
    private int bakedLayers;

    private FrameDrawer(Composition c, FrameRange range) {
        this.c = c;
        this.range = range;
        this.background = new byte[c.width() * c.height() * 3];
        int rgb = c.background();
        for (int i = 0; i < background.length; i += 3) {
            background[i] = (byte) rgb;
            background[i + 1] = (byte) (rgb >> 8);
            background[i + 2] = (byte) (rgb >> 16);
        }
    }

    static FrameDrawer open(Composition c, FrameRange range) {
        FrameDrawer d = new FrameDrawer(c, range);
        try {
            Map<Path, GlyphOutlines> fonts = new HashMap<>();
            for (Composition.Layer layer : c.layers()) {
                d.resources.add(d.prepare(layer, fonts));
            }
            d.bakeStaticPrefix();
            return d;
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    private Object prepare(Composition.Layer layer, Map<Path, GlyphOutlines> fonts) {
        boolean visibleInRange = layer.from() < range.endExclusive() && layer.to() > range.start();
        if (layer instanceof Composition.Rect r) {
            return r.cornerRadius() > 0
                    ? new RoundRectangle2D.Double(-r.width() / 2, -r.height() / 2, r.width(), r.height(), 2 * r.cornerRadius(), 2 * r.cornerRadius())
                    : new Rectangle2D.Double(-r.width() / 2, -r.height() / 2, r.width(), r.height());
        }
        if (layer instanceof Composition.Ellipse e) {
            return new Ellipse2D.Double(-e.width() / 2, -e.height() / 2, e.width(), e.height());
        }
        if (layer instanceof Composition.Text t) {
            GlyphOutlines font = t.font() == null ? GlyphOutlines.bundled() : fonts.computeIfAbsent(t.font(), this::loadFont);
            return t.text().contains("{frame}") ? font : font.layout(t.text(), t.size());
        }
        if (layer instanceof Composition.Image img) {
            return visibleInRange ? loadImage(img) : null;
        }
        Composition.Video v = (Composition.Video) layer;
        if (!visibleInRange) {
            return null;
        }
        int first = Math.max(v.from(), range.start());
        int last = Math.min(v.to(), range.endExclusive());
        ClipDecoder decoder = new ClipDecoder(v, v.sourceStartFrame() + (first - v.from()), last - first);
        closeables.add(decoder);
        return decoder;
    }

    private GlyphOutlines loadFont(Path ttf) {
        try {
            GlyphOutlines g = GlyphOutlines.load(ttf);
            closeables.add(g);
            return g;
        } catch (IOException e) {
            throw new RenderFailure(ErrorName.INVALID_COMPOSITION, c.file() + ": cannot read font " + ttf + ": " + e.getMessage(), e);
        }
    }

    private BufferedImage loadImage(Composition.Image img) {
        BufferedImage src;
        try {
            src = ImageIO.read(img.src().toFile());
        } catch (IOException e) {
            throw new RenderFailure(ErrorName.RENDER_FAILED, "cannot read " + img.src() + ": " + e.getMessage(), e);
        }
        BufferedImage scaled = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setComposite(AlphaComposite.Src);
        g.drawImage(src, 0, 0, img.width(), img.height(), null);
        g.dispose();
        return scaled;
    }

    /**
     * Draws the bottom layers that look the same in every frame of the range (a full-screen gradient
     * backdrop, say) once, into the background. The pixels are those of drawing them per frame: the
     * same operations on the same starting pixels, so frames stay independent of the range.
     */
    private void bakeStaticPrefix() {
        List<Composition.Layer> layers = c.layers();
        int n = 0;
        while (n < layers.size() && isStaticOver(layers.get(n), range)) {
            n++;
        }
        if (n == 0) {
            return;
        }
        BufferedImage img = new BufferedImage(c.width(), c.height(), BufferedImage.TYPE_3BYTE_BGR);
        drawLayers(range.start(), img, 0, n);
        System.arraycopy(((DataBufferByte) img.getRaster().getDataBuffer()).getData(), 0, background, 0, background.length);
        graphics.remove(img).dispose();
        bakedLayers = n;
    }

    private static boolean isStaticOver(Composition.Layer layer, FrameRange range) {
        Composition.Transform t = layer.transform();
        return layer.from() <= range.start() && layer.to() >= range.endExclusive()
                && !(layer instanceof Composition.Video)
                && !(layer instanceof Composition.Text text && text.text().contains("{frame}"))
                && t.x().frames().length == 1 && t.y().frames().length == 1 && t.scale().frames().length == 1
                && t.rotation().frames().length == 1 && t.opacity().frames().length == 1;
    }

    /** Draws composition frame {@code frame} into {@code target} (width x height, TYPE_3BYTE_BGR). */
    void draw(int frame, BufferedImage target) {
        if (frame < range.start() || frame >= range.endExclusive()) {
            throw new IllegalArgumentException("frame " + frame + " outside " + range);
        }
        System.arraycopy(background, 0, ((DataBufferByte) target.getRaster().getDataBuffer()).getData(), 0, background.length);
        drawLayers(frame, target, bakedLayers, c.layers().size());
    }

    private void drawLayers(int frame, BufferedImage target, int firstLayer, int endLayer) {
        Graphics2D g = graphics.computeIfAbsent(target, FrameDrawer::newGraphics);
        List<Composition.Layer> layers = c.layers();
        for (int i = firstLayer; i < endLayer; i++) {
            Composition.Layer layer = layers.get(i);
            if (frame < layer.from() || frame >= layer.to()) {
                continue;
            }
            Object resource = resources.get(i);
            // A clip's decoder advances once per visible frame even when the layer is transparent.
            BufferedImage clipFrame = resource instanceof ClipDecoder d ? d.next() : null;
            Composition.Transform t = layer.transform();
            double opacity = t.opacity().at(frame);
            if (opacity <= 0) {
                continue;
            }
            double scale = t.scale().at(frame);
            layerTransform.setToTranslation(t.x().at(frame), t.y().at(frame));
            layerTransform.rotate(Math.toRadians(t.rotation().at(frame)));
            layerTransform.scale(scale, scale);
            g.setTransform(layerTransform);
            g.setComposite(opacity >= 1 ? AlphaComposite.SrcOver : AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) opacity));
            if (layer instanceof Composition.Rect r) {
                g.setPaint(r.fill());
                g.fill((Shape) resource);
            } else if (layer instanceof Composition.Ellipse e) {
                g.setPaint(e.fill());
                g.fill((Shape) resource);
            } else if (layer instanceof Composition.Text text) {
                g.setPaint(text.fill());
                g.fill(resource instanceof GlyphOutlines font
                        ? font.layout(text.text().replace("{frame}", Integer.toString(frame)), text.size())
                        : (Shape) resource);
            } else if (layer instanceof Composition.Image img) {
                drawCentred(g, (BufferedImage) resource, img.width(), img.height());
            } else {
                Composition.Video v = (Composition.Video) layer;
                drawCentred(g, clipFrame, v.width(), v.height());
            }
        }
    }

    private void drawCentred(Graphics2D g, BufferedImage img, int width, int height) {
        imageOffset.setToTranslation(-width / 2.0, -height / 2.0);
        g.drawImage(img, imageOffset, null);
    }

    private static Graphics2D newGraphics(BufferedImage target) {
        Graphics2D g = target.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        return g;
    }

    @Override
    public void close() {
        for (Graphics2D g : graphics.values()) {
            g.dispose();
        }
        graphics.clear();
        for (AutoCloseable r : closeables) {
            try {
                r.close();
            } catch (Exception ignored) {
                // closing decoders and font files; the render's own outcome is what matters
            }
        }
        closeables.clear();
    }
}
