package cli;

import picocli.CommandLine;

/** What --version prints for every entry point: the renderproof release and the renderer version its baselines record. */
public final class Version implements CommandLine.IVersionProvider {
    /** The renderproof release; bump it with every change users should be able to tell apart. */
    public static final String RENDERPROOF = "1.1.0";

    @Override
    public String[] getVersion() {
        return new String[] {line()};
    }

    public static String line() {
        return "renderproof " + RENDERPROOF + " (renderer " + render.RendererVersion.VERSION + ", Java "
                + System.getProperty("java.version") + ")";
    }
}
