package handler;

import com.fasterxml.jackson.databind.JsonNode;
import contract.ErrorName;
import contract.Events;
import contract.RenderFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import render.AssembleOutput;
import render.RenderOps;
import s3.S3Uri;
import s3http.GetObject;
import s3http.PutObject;

/**
 * Action "assemble": check that every chunk of the plan is present and intact, join them, add the
 * audio the last chunk encoded. Nothing is encoded here: both streams are copied.
 */
public final class AssembleAction {
    private AssembleAction() {}

    public static Events.AssembleResult run(Invocation inv, JsonNode event) {
        long t0 = System.nanoTime();
        Events.AssembleEvent e = inv.bind(event, Events.AssembleEvent.class, "PlanS3Uri", "PlanHash", "Chunks", "OutputS3Uri");
        if (!event.get("Chunks").isArray()) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, "Chunks must be an array");
        }
        HandlerConfig cfg = inv.config();
        S3Uri output = cfg.allowedObject("OutputS3Uri", e.outputS3Uri());
        List<Events.ChunkResult> chunks = new ArrayList<>(e.chunks());
        for (Events.ChunkResult c : chunks) {
            if (c == null || c.chunkS3Uri() == null || c.sha256() == null) {
                throw new RenderFailure(ErrorName.INVALID_EVENT, "every chunk needs ChunkS3Uri and Sha256");
            }
            cfg.allowedObject("Chunks[" + c.chunkIndex() + "].ChunkS3Uri", c.chunkS3Uri());
        }
        StoredPlan stored = inv.phases().time("planFetch", () -> inv.verifiedPlan(e.planS3Uri(), e.planHash()));
        int expected = stored.plan().chunks().size();
        chunks.sort(Comparator.comparingInt(Events.ChunkResult::chunkIndex));
        for (int i = 0; i < chunks.size(); i++) {
            if (chunks.get(i).chunkIndex() != i) {
                throw new RenderFailure(ErrorName.CHUNK_COUNT_MISMATCH,
                        "chunk indexes are not 0.." + (expected - 1) + " each once: found index "
                                + chunks.get(i).chunkIndex() + " at position " + i);
            }
        }
        if (chunks.size() != expected) {
            throw new RenderFailure(ErrorName.CHUNK_COUNT_MISMATCH,
                    "the plan has " + expected + " chunks, the event lists " + chunks.size());
        }

        List<Path> files = new ArrayList<>();
        for (Events.ChunkResult c : chunks) {
            GetObject.Hashed f = inv.phases().time("download", () -> inv.downloadHashed(S3Uri.parse(c.chunkS3Uri()),
                    String.format("chunk-%04d.mp4", c.chunkIndex())));
            if (!f.sha256().equalsIgnoreCase(c.sha256())) {
                throw new RenderFailure(ErrorName.CHUNK_HASH_MISMATCH,
                        c.chunkS3Uri() + " has sha256 " + f.sha256() + ", its render reported " + c.sha256());
            }
            files.add(f.file());
        }
        Path audio = null;
        if (stored.audioS3Uri() != null) {
            S3Uri audioUri = cfg.allowedObject("plan AudioS3Uri", stored.audioS3Uri());
            audio = inv.phases().time("download", () -> inv.download(audioUri, PlanAction.AUDIO_FILE));
        }
        Path out = inv.workDir().resolve("output.mp4");
        Path audioFile = audio;
        AssembleOutput assembled = inv.phases().time("assemble",
                () -> RenderOps.assemble(stored.plan(), files, audioFile, out, cfg.testFault()));
        inv.phases().time("upload", () -> PutObject.fromFile(inv.s3(), output, assembled.output(), "video/mp4"));
        return new Events.AssembleResult(output.toString(), assembled.framesEncoded(), assembled.fileSize(),
                (System.nanoTime() - t0) / 1_000_000);
    }
}
