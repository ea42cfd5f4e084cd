package handler;

import com.fasterxml.jackson.databind.JsonNode;
import contract.ErrorName;
import contract.Events;
import contract.RenderFailure;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import render.AudioOutput;
import render.ChunkOutput;
import render.RenderOps;
import render.TestFault;
import s3.S3Uri;
import s3http.PutObject;

/**
 * Action "renderChunk": render one frame range of a verified plan and publish it as chunks/NNNN.mp4.
 * The last chunk also mixes and encodes the plan's audio, on a thread of its own beside its frames,
 * and publishes it at the plan's AudioS3Uri: inside the Map that work overlaps with the other chunks'
 * (the last chunk is never longer than the others), where before the Map or in assemble it would add
 * to the render's wall-clock in full.
 */
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
        StoredPlan stored = inv.phases().time("planFetch", () -> inv.verifiedPlan(e.planS3Uri(), e.planHash()));
        int chunks = stored.plan().chunks().size();
        if (e.chunkIndex() < 0 || e.chunkIndex() >= chunks) {
            throw new RenderFailure(ErrorName.INVALID_EVENT,
                    "ChunkIndex " + e.chunkIndex() + " outside the plan's " + chunks + " chunks");
        }
        if (!e.format().equals(stored.plan().format())) {
            throw new RenderFailure(ErrorName.INVALID_EVENT,
                    "Format " + e.format() + " differs from the plan's " + stored.plan().format());
        }
        S3Uri audioUri = null;
        if (stored.plan().hasAudio() && e.chunkIndex() == chunks - 1) {
            audioUri = inv.config().allowedObject("plan AudioS3Uri", stored.audioS3Uri());
        }
        Path project = inv.fetchProject(stored.projectS3Uri());
        Path out = inv.workDir().resolve(String.format("chunk-%04d.mp4", e.chunkIndex()));
        TestFault fault = inv.config().testFault();

        FutureTask<Void> audio = audioUri == null ? null : startAudio(inv, project, stored, audioUri, fault);
        ChunkOutput rendered;
        try {
            rendered = inv.phases().time("render", () -> RenderOps.renderChunk(project, stored.plan(), e.chunkIndex(), out, fault));
        } catch (RuntimeException renderFailed) {
            if (audio != null) {
                awaitQuietly(audio);
            }
            throw renderFailed;
        }
        if (audio != null) {
            inv.phases().time("audioWait", () -> await(audio));
        }
        String sha = Sha256.of(rendered.output());
        S3Uri chunkUri = inv.phases().time("upload", () -> PutObject.fromFile(inv.s3(),
                prefix.child(chunkKeyName(e.chunkIndex())), rendered.output(), "video/mp4"));
        String hashesUri = null;
        if (!fault.withholdsFrameHashes()) {
            hashesUri = inv.phases().time("upload", () -> PutObject.fromBytes(inv.s3(),
                    prefix.child(frameHashesKeyName(e.chunkIndex())), rendered.frameHashes().toJson(),
                    "application/json").toString());
        }
        return new Events.ChunkResult(chunkUri.toString(), e.chunkIndex(), sha, rendered.framesEncoded(),
                (System.nanoTime() - t0) / 1_000_000, hashesUri);
    }

    /** Mixes, encodes and uploads the plan's audio on a thread of its own. */
    private static FutureTask<Void> startAudio(Invocation inv, Path project, StoredPlan stored, S3Uri audioUri, TestFault fault) {
        FutureTask<Void> task = new FutureTask<>(() -> {
            AudioOutput encoded = inv.phases().time("audio", () -> RenderOps.renderAudio(project, stored.plan(),
                    inv.workDir().resolve(PlanAction.AUDIO_FILE), fault));
            inv.phases().time("audioUpload", () -> PutObject.fromFile(inv.s3(), audioUri, encoded.output(), "audio/mp4"));
            return null;
        });
        Thread thread = new Thread(task, "chunk-audio");
        thread.setDaemon(true);
        thread.start();
        return task;
    }

    private static void await(FutureTask<Void> task) {
        try {
            task.get();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new RenderFailure(ErrorName.RENDER_FAILED, "interrupted while encoding the audio", ex);
        } catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new RenderFailure(ErrorName.RENDER_FAILED, "encoding the audio failed: " + ex.getCause(), ex.getCause());
        }
    }

    /** Its files are in the work directory, which is removed once the invocation returns: let it finish first. */
    private static void awaitQuietly(FutureTask<Void> task) {
        try {
            task.get();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException ignored) {
            // the render's own failure is the one reported
        }
    }
}
