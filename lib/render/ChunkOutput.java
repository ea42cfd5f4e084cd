package render;

import java.nio.file.Path;

public record ChunkOutput(Path output, int framesEncoded, long durationMs) {}
