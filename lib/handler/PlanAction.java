package handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import contract.ErrorName;
import contract.Events;
import contract.RenderFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import render.Plan;
import render.RenderOps;
import s3.S3Uri;
import s3.UploadObject;

/** Action "plan": fetch the project, decide the chunks, mix the audio once, publish plan.json. */
public final class PlanAction {
    public static final String PLAN_FILE = "plan.json";
    public static final String AUDIO_FILE = "audio.wav";

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
        Path audio = inv.workDir().resolve(AUDIO_FILE);
        Plan plan = RenderOps.plan(project, e.config(), audio);

        String audioUri = null;
        if (plan.hasAudio()) {
            if (!Files.isRegularFile(audio)) {
                throw new IllegalStateException("the plan has audio but the renderer wrote no " + audio);
            }
            audioUri = UploadObject.fromFile(inv.s3(), prefix.child(AUDIO_FILE), audio, "audio/wav").toString();
        }
        byte[] planJson;
        try {
            planJson = json.Json.MAPPER.writeValueAsBytes(new StoredPlan(e.projectS3Uri(), audioUri, plan));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        S3Uri planUri = UploadObject.fromBytes(inv.s3(), prefix.child(PLAN_FILE), planJson, "application/json");
        return new Events.PlanResult(planUri.toString(), Sha256.of(planJson), plan.chunks().size(),
                plan.totalFrames(), plan.fps(), plan.width(), plan.height(), plan.format(), plan.hasAudio(),
                audioUri, (System.nanoTime() - t0) / 1_000_000);
    }
}
