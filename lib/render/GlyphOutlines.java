//DEPS org.apache.pdfbox:fontbox:3.0.5
//FILES render/fonts/DejaVuSans-Bold.ttf=fonts/DejaVuSans-Bold.ttf
package render;

import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.GeneralPath;
import java.awt.geom.Path2D;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.GlyphData;
import org.apache.fontbox.ttf.KerningSubtable;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;

/**
 * Text as filled glyph outlines read with FontBox. The AWT font stack (Font, drawString,
 * FontMetrics) is never used: the Lambda Java runtime has no fonts and may lack libfreetype, and
 * outlines from the font file make the pixels independent of the platform's rasteriser hinting.
 */
final class GlyphOutlines implements java.io.Closeable {
    static final String BUNDLED_RESOURCE = "/render/fonts/DejaVuSans-Bold.ttf";
    private static GlyphOutlines bundled;

    private final TrueTypeFont font;
    private final CmapLookup cmap;
    private final KerningSubtable kerning;
    private final double unitsPerEm;
    private final double baselineOffsetEm;
    private final Map<Integer, GeneralPath> glyphs = new HashMap<>();

    private GlyphOutlines(TrueTypeFont font) throws IOException {
        this.font = font;
        this.cmap = font.getUnicodeCmapLookup();
        this.kerning = font.getKerning() == null ? null : font.getKerning().getHorizontalKerningSubtable();
        this.unitsPerEm = font.getUnitsPerEm();
        var hhea = font.getHorizontalHeader();
        // Centre the box from descender to ascender on the layer's y, whatever the string's glyphs.
        this.baselineOffsetEm = (hhea.getAscender() + hhea.getDescender()) / 2.0 / unitsPerEm;
    }

    static synchronized GlyphOutlines bundled() {
        if (bundled == null) {
            try (InputStream in = GlyphOutlines.class.getResourceAsStream(BUNDLED_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the bundled font " + BUNDLED_RESOURCE + " is not on the classpath");
                }
                bundled = new GlyphOutlines(new TTFParser().parse(new RandomAccessReadBuffer(in)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot parse the bundled font: " + e.getMessage(), e);
            }
        }
        return bundled;
    }

    static GlyphOutlines load(Path ttf) throws IOException {
        return new GlyphOutlines(new TTFParser().parse(new RandomAccessReadBufferedFile(ttf.toFile())));
    }

    /** Fails with a composition error when {@code ttf} is not a TrueType font with a Unicode cmap. */
    static void check(Path ttf, String file, String field) {
        try (GlyphOutlines g = load(ttf)) {
            if (g.cmap == null) {
                throw new IOException("no Unicode cmap");
            }
        } catch (IOException | RuntimeException e) {
            throw new CompositionException(file, field, "cannot read " + ttf.getFileName() + " as a TrueType font: " + e.getMessage());
        }
    }

    /** {@code text} set at {@code size} px, centred horizontally and vertically on (0,0), y down. */
    synchronized Shape layout(String text, double size) {
        double scale = size / unitsPerEm;
        Path2D.Double out = new Path2D.Double(Path2D.WIND_NON_ZERO);
        AffineTransform at = new AffineTransform();
        double pen = 0;
        int previous = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int gid = cmap.getGlyphId(cp);
            if (previous >= 0 && kerning != null) {
                pen += kerning.getKerning(previous, gid);
            }
            at.setToScale(scale, -scale);
            at.translate(pen, 0);
            out.append(glyph(gid).getPathIterator(at), false);
            pen += advance(gid);
            previous = gid;
        }
        out.transform(AffineTransform.getTranslateInstance(-pen * scale / 2, baselineOffsetEm * size));
        return out;
    }

    @Override
    public void close() throws IOException {
        font.close();
    }

    private GeneralPath glyph(int gid) {
        return glyphs.computeIfAbsent(gid, id -> {
            try {
                GlyphData data = font.getGlyph().getGlyph(id);
                return data == null ? new GeneralPath() : data.getPath();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read glyph " + id + ": " + e.getMessage(), e);
            }
        });
    }

    private int advance(int gid) {
        try {
            return font.getAdvanceWidth(gid);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the advance of glyph " + gid + ": " + e.getMessage(), e);
        }
    }
}
