package render;

import contract.FrameHashes;
import java.nio.file.Path;

public record ChunkOutput(Path output, int framesEncoded, long durationMs, FrameHashes frameHashes) {}
