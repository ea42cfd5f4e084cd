package media;

import java.nio.file.Path;
import java.util.List;

/**
 * Semantic identity of a render: one MD5 per decoded video frame (in {@code pixFmt}, from ffmpeg's
 * framemd5) and one SHA-256 of the decoded PCM (48 kHz stereo s16le), null when there is no audio.
 * Two renders with equal hashes show and play the same thing even if their containers differ.
 */
public record DecodedHashes(String pixFmt, List<String> frames, String pcmSha256) {
    public static DecodedHashes of(Path mp4) {
        return DecodedMedia.of(mp4).hashes();
    }

    /**
     * The first frame index whose hash differs from {@code other}'s, counting a frame present in only
     * one of them as different; -1 when every frame matches and the counts agree.
     */
    public int firstDifferingFrame(DecodedHashes other) {
        int common = Math.min(frames.size(), other.frames.size());
        for (int i = 0; i < common; i++) {
            if (!frames.get(i).equals(other.frames.get(i))) {
                return i;
            }
        }
        return frames.size() == other.frames.size() ? -1 : common;
    }

    public boolean samePcm(DecodedHashes other) {
        return pcmSha256 == null ? other.pcmSha256 == null : pcmSha256.equals(other.pcmSha256);
    }
}
