package render;

import java.nio.file.Path;

public record RenderResult(Path output, int frames, boolean hasAudio, long durationMs) {}
