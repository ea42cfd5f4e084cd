package handler;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import render.Plan;

/**
 * The plan.json the plan step writes and every later step reads: the renderer's plan plus where the
 * project archive is and where the encoded audio goes (the last chunk writes it), because chunk and
 * assemble events carry only the plan's URI and hash. Its exact bytes are what PlanHash covers.
 */
@JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
public record StoredPlan(String projectS3Uri, @JsonInclude(JsonInclude.Include.ALWAYS) String audioS3Uri, Plan plan) {}
