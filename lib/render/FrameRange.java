package render;

/** Composition frames [start, endExclusive). */
public record FrameRange(int start, int endExclusive) {}
