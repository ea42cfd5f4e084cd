package handler;

import com.fasterxml.jackson.databind.JsonNode;
import contract.ErrorName;
import contract.Events;
import contract.RenderFailure;
import java.nio.file.Path;
import render.ChunkOutput;
import render.RenderOps;
import render.TestFault;
import s3.S3Uri;
import s3.UploadObject;

/** Action "renderChunk": render one frame range of a verified plan and publish it as chunks/NNNN.mp4. */
public final class RenderChunkAction {
    private RenderChunkAction() {}

    public static String chunkKeyName(int index) {
        return String.format("chunks/%04d.mp4", index);
    }

    /** The chunk's raw-frame hashes (contract.FrameHashes), next to the chunk. */
    public static String frameHashesKeyName(int index) {
        return String.format("chunks/%04d.frames.json", index);
    }

    public static Events.ChunkResult run(Invocation inv, JsonNode event) {
        long t0 = System.nanoTime();
        Events.ChunkEvent e = inv.bind(event, Events.ChunkEvent.class,
                "ChunkIndex", "PlanS3Uri", "PlanHash", "ChunkOutputS3Prefix", "Format");
        if (!event.get("ChunkIndex").canConvertToInt()) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, "ChunkIndex must be an integer");
        }
        S3Uri prefix = inv.config().allowedUri("ChunkOutputS3Prefix", e.chunkOutputS3Prefix());
        StoredPlan stored = inv.verifiedPlan(e.planS3Uri(), e.planHash());
        int chunks = stored.plan().chunks().size();
        if (e.chunkIndex() < 0 || e.chunkIndex() >= chunks) {
            throw new RenderFailure(ErrorName.INVALID_EVENT,
                    "ChunkIndex " + e.chunkIndex() + " outside the plan's " + chunks + " chunks");
        }
        if (!e.format().equals(stored.plan().format())) {
            throw new RenderFailure(ErrorName.INVALID_EVENT,
                    "Format " + e.format() + " differs from the plan's " + stored.plan().format());
        }
        Path project = inv.fetchProject(stored.projectS3Uri());
        Path out = inv.workDir().resolve(String.format("chunk-%04d.mp4", e.chunkIndex()));
        TestFault fault = inv.config().testFault();
        ChunkOutput rendered = RenderOps.renderChunk(project, stored.plan(), e.chunkIndex(), out, fault);
        String sha = Sha256.of(rendered.output());
        S3Uri chunkUri = UploadObject.fromFile(inv.s3(), prefix.child(chunkKeyName(e.chunkIndex())),
                rendered.output(), "video/mp4");
        String hashesUri = null;
        if (!fault.withholdsFrameHashes()) {
            hashesUri = UploadObject.fromBytes(inv.s3(), prefix.child(frameHashesKeyName(e.chunkIndex())),
                    rendered.frameHashes().toJson(), "application/json").toString();
        }
        return new Events.ChunkResult(chunkUri.toString(), e.chunkIndex(), sha, rendered.framesEncoded(),
                (System.nanoTime() - t0) / 1_000_000, hashesUri);
    }
}
