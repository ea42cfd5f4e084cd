package handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import contract.ErrorName;
import contract.Events;
import contract.RenderFailure;
import java.nio.file.Path;
import render.Plan;
import render.RenderOps;
import s3.S3Uri;
import s3http.PutObject;

/**
 * Action "plan": fetch the project, decide the chunks, publish plan.json. Only planning: the step runs
 * alone before the Map, so anything it did would add to every render's wall-clock. The audio is
 * mixed and encoded by the last chunk, beside its frames (see {@link RenderChunkAction}); the plan
 * only names where it will be, {@code AudioS3Uri}.
 */
public final class PlanAction {
    public static final String PLAN_FILE = "plan.json";
    /** The whole timeline's audio, AAC in an audio-only MP4, stream-copied by assemble. */
    public static final String AUDIO_FILE = "audio.m4a";

    private PlanAction() {}

    public static Events.PlanResult run(Invocation inv, JsonNode event) {
        long t0 = System.nanoTime();
        Events.PlanEvent e = inv.bind(event, Events.PlanEvent.class, "ProjectS3Uri", "PlanOutputS3Prefix", "Config");
        if (!event.get("Config").isObject()) {
            throw new RenderFailure(ErrorName.INVALID_EVENT, "Config must be an object");
        }
        HandlerConfig cfg = inv.config();
        cfg.allowedObject("ProjectS3Uri", e.projectS3Uri());
        S3Uri prefix = cfg.allowedUri("PlanOutputS3Prefix", e.planOutputS3Prefix());

        Path project = inv.fetchProject(e.projectS3Uri());
        Plan plan = inv.phases().time("plan", () -> RenderOps.plan(project, e.config()));

        String audioUri = plan.hasAudio() ? prefix.child(AUDIO_FILE).toString() : null;
        byte[] planJson;
        try {
            planJson = json.Json.MAPPER.writeValueAsBytes(new StoredPlan(e.projectS3Uri(), audioUri, plan));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        S3Uri planUri = inv.phases().time("upload",
                () -> PutObject.fromBytes(inv.s3(), prefix.child(PLAN_FILE), planJson, "application/json"));
        return new Events.PlanResult(planUri.toString(), Sha256.of(planJson), plan.chunks().size(),
                plan.totalFrames(), plan.fps(), plan.width(), plan.height(), plan.format(), plan.hasAudio(),
                audioUri, (System.nanoTime() - t0) / 1_000_000);
    }
}
