package render;

import contract.FrameHashes;
import java.nio.file.Path;

public record RenderResult(Path output, int frames, boolean hasAudio, long durationMs, FrameHashes frameHashes) {}
