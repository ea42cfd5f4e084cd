package media;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What one file's container and bitstream say, read without decoding a picture or a sample: the
 * streams (from ffmpeg's input banner, one stream-copy pass that yields both {@link StreamInfo} and the
 * audio parameters), the H.264 bitstream trace, and the MP4 sample tables. These feed the exact gate
 * checks (stream parameters, timestamps, audio length), which therefore cost next to nothing.
 */
public record MediaFacts(StreamInfo info, AudioCompare.Params audioParams, StreamTrace trace, Mp4SampleTable videoTable,
                         Optional<Mp4SampleTable> audioTable) {
    public static MediaFacts read(Path file) {
        return read(file, banner(file));
    }

    /** ffmpeg's description of the file's streams: its stderr when stream-copying them to nothing. */
    public static String banner(Path file) {
        return Ffmpeg.forAnalysis().run(List.of("-i", file.toString(), "-map", "0", "-c", "copy", "-f", "null", "-")).stderr();
    }

    /** As {@link #read(Path)}, with the file's {@link #banner} already taken. */
    public static MediaFacts read(Path file, String banner) {
        StreamInfo info = StreamInfo.parse(banner);
        AudioCompare.Params params = AudioCompare.parseParams(banner);
        List<Mp4SampleTable> tracks = Mp4SampleTable.tracks(file);
        Mp4SampleTable video = tracks.stream().filter(t -> t.handlerType().equals(Mp4SampleTable.VIDEO)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(file + ": no video track"));
        Optional<Mp4SampleTable> audio = tracks.stream().filter(t -> t.handlerType().equals(Mp4SampleTable.AUDIO)).findFirst();
        return new MediaFacts(info, params, StreamTrace.of(file), video, audio);
    }
}
