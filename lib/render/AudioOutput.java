package render;

import java.nio.file.Path;

/** The encoded audio of a plan (null when it has none) and how long mixing and encoding took. */
public record AudioOutput(Path output, long durationMs) {}
