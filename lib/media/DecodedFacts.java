package media;

/**
 * What decoding one file yields for the gates: its {@link Probe} (decoded frame count and duration),
 * every frame as a thumbnail ({@link DecodedThumbnails}) and the first audio stream as
 * {@value AudioCompare#RATE} Hz stereo float samples, interleaved (null when there is no audio), and,
 * for a baseline, its pictures as PSNR compares them (null when they were not kept: see {@link GateDecode}).
 */
public record DecodedFacts(Probe probe, DecodedThumbnails thumbnails, float[] audio, YuvFrames pictures) {}
