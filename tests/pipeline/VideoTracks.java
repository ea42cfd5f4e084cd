package pipeline;

import java.util.ArrayList;
import java.util.List;
import media.Mp4SampleTable;

/** Video sample tables written by hand for the timestamp check's tests: 15360 ticks per second, no edit list. */
final class VideoTracks {
    private VideoTracks() {}

    /** One frame per duration (in ticks), each starting where the previous ended. */
    static Mp4SampleTable of(long... durations) {
        List<Mp4SampleTable.Sample> samples = new ArrayList<>();
        long pts = 0;
        for (long d : durations) {
            samples.add(new Mp4SampleTable.Sample(pts, d));
            pts += d;
        }
        return new Mp4SampleTable(1, Mp4SampleTable.VIDEO, 15360, pts, 1000, List.of(), samples);
    }
}
