package render;

import java.nio.file.Path;

public record AssembleOutput(Path output, int framesEncoded, long fileSize, long durationMs) {}
