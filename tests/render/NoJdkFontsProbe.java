package render;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Run by {@link NoJdkFontsTest} in a JDK copy without libfontmanager: renders a project, or with
 * "--awt-text" draws text through the AWT font stack to show that this runtime really lacks it.
 */
public final class NoJdkFontsProbe {
    private NoJdkFontsProbe() {}

    public static void main(String... args) {
        if (args[0].equals("--awt-text")) {
            System.setProperty("java.awt.headless", "true");
            Graphics2D g = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR).createGraphics();
            g.drawString("x", 10, 10);
            System.out.println("drew AWT text");
            return;
        }
        RenderResult r = RenderOps.renderAll(Path.of(args[0]), Path.of(args[1]));
        System.out.println("rendered " + r.frames() + " frames");
    }
}
