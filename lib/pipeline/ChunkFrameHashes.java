package pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import contract.FrameHashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import json.Json;
import media.BaselineManifest;
import s3.S3Uri;

/**
 * The raw-frame hashes of one distributed render, for the exact drawing check: each chunk names its
 * {@link FrameHashes} object in its own result (FrameHashesS3Uri, read from the task's output in the
 * execution history), which is downloaded next to the render's other artifacts; the baseline's come
 * from baselines/&lt;fixture&gt;/baseline.json. Whenever either side has none, the check is skipped with
 * the reason, never silently.
 */
final class ChunkFrameHashes {
    private ChunkFrameHashes() {}

    /**
     * @param download fetches an object of the render bucket to a file ({@code session::download})
     * @param saveAs   where chunk k's record is saved: {@code saveAs.apply(k)}
     */
    static GateResult.RawFrames collect(JsonNode history, BiConsumer<S3Uri, Path> download, Path baselineMp4,
                                        java.util.function.IntFunction<Path> saveAs) {
        Path manifestFile = baselineMp4 == null ? null : baselineMp4.resolveSibling(BaselineManifest.FILE_NAME);
        if (manifestFile == null || !Files.isRegularFile(manifestFile)) {
            return GateResult.RawFrames.unavailable("the baseline has no " + BaselineManifest.FILE_NAME + " with raw-frame hashes");
        }
        FrameHashes base = BaselineManifest.read(manifestFile).rawFrames();
        if (base == null) {
            return GateResult.RawFrames.unavailable(manifestFile + " holds no raw-frame hashes");
        }
        Map<Integer, String> uris = new TreeMap<>();
        List<Integer> withoutHashes = new ArrayList<>();
        for (JsonNode result : chunkResults(history)) {
            int index = result.path("ChunkIndex").asInt();
            if (result.hasNonNull("FrameHashesS3Uri")) {
                uris.put(index, result.get("FrameHashesS3Uri").asText());
            } else {
                withoutHashes.add(index);
            }
        }
        if (uris.isEmpty()) {
            return GateResult.RawFrames.unavailable("this stack's chunks report no raw-frame hashes (no FrameHashesS3Uri in their results)");
        }
        if (!withoutHashes.isEmpty()) {
            return GateResult.RawFrames.unavailable("chunks " + withoutHashes + " report no raw-frame hashes");
        }
        List<FrameHashes> records = new ArrayList<>();
        for (var e : uris.entrySet()) {
            Path file = saveAs.apply(e.getKey());
            download.accept(S3Uri.parse(e.getValue()), file);
            try {
                records.add(FrameHashes.fromJson(Files.readAllBytes(file)));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        for (FrameHashes r : records) {
            if (!r.algorithm().equals(base.algorithm())) {
                return GateResult.RawFrames.unavailable("chunks hash with " + r.algorithm() + ", the baseline with " + base.algorithm());
            }
        }
        List<String> drawn = new ArrayList<>();
        records.stream().sorted(Comparator.comparingInt(FrameHashes::firstFrame)).forEach(r -> drawn.addAll(r.frames()));
        return new GateResult.RawFrames(drawn, base.frames(), null);
    }

    /** The result of every successful renderChunk task, in history order (a retried chunk appears once). */
    static List<JsonNode> chunkResults(JsonNode history) {
        JsonNode events = history.has("events") ? history.get("events") : history;
        Map<Integer, JsonNode> byChunk = new TreeMap<>();
        for (JsonNode e : events) {
            if (!"TaskSucceeded".equals(e.path("type").asText())) {
                continue;
            }
            JsonNode out;
            try {
                out = Json.MAPPER.readTree(e.path("taskSucceededEventDetails").path("output").asText("{}"));
            } catch (IOException ex) {
                continue;
            }
            JsonNode p = out.has("Payload") ? out.get("Payload") : out;
            if (p.has("ChunkIndex") && p.has("ChunkS3Uri")) {
                byChunk.putIfAbsent(p.get("ChunkIndex").asInt(), p);
            }
        }
        return List.copyOf(byChunk.values());
    }
}
