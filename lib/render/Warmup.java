package render;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * What the first render in a new class loader pays for once, done ahead of time: Java2D's drawing loops,
 * the bundled font and its glyph outlines, the PNG reader's registry. One small frame with a rectangle,
 * an ellipse and moving text is drawn in memory; nothing is written anywhere.
 */
public final class Warmup {
    private Warmup() {}

    public static void run() {
        Animated centre = Animated.constant(32);
        Animated one = Animated.constant(1);
        Animated zero = Animated.constant(0);
        Composition.Transform still = new Composition.Transform(centre, Animated.constant(18), one, zero, one);
        Composition.Transform moving = new Composition.Transform(
                new Animated(new int[] {0, 1}, new double[] {20, 40}, new Easing[] {Easing.LINEAR, Easing.LINEAR}),
                Animated.constant(18), one, Animated.constant(5), Animated.constant(0.8));
        Composition c = new Composition(Path.of("warm-up"), 64, 36, 30, 2, 0x102030, List.of(
                new Composition.Rect(0, 2, 64, 36, 4, Color.DARK_GRAY, still),
                new Composition.Ellipse(0, 2, 20, 20, Color.ORANGE, moving),
                new Composition.Text(0, 2, "Ag 0", 16, null, Color.WHITE, moving)), List.of());
        BufferedImage img = new BufferedImage(c.width(), c.height(), BufferedImage.TYPE_3BYTE_BGR);
        try (FrameDrawer drawer = FrameDrawer.open(c, new FrameRange(0, 2))) {
            drawer.draw(1, img);
        }
        ImageIO.getImageReadersByFormatName("png").hasNext();
    }
}
