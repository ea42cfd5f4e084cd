package render;

/**
 * The version of what the renderer draws and encodes. Baselines record it; bump it with any change
 * that alters rendered output (pixels, encoder settings, audio mix), and regenerate the baselines
 * (./jbang baseline.java) in the same commit.
 */
public final class RendererVersion {
    public static final String VERSION = "2";

    private RendererVersion() {}
}
