package embedded;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import stack.Template;

/**
 * The render function as the template declares it, for running it in this process: the Handler string
 * ("package.Class::method"), the Runtime, and the Environment.Variables resolved for this run (a Ref to
 * the template's bucket becomes the embedded bucket, a Ref to a parameter its --parameter value or
 * Default). Any stack's Java handler runs this way, not only ours.
 */
public record EmbeddedFunction(String logicalId, String handlerClass, String handlerMethod, String runtime,
                               Map<String, String> variables) {
    public static final String DEFAULT_METHOD = "handleRequest";

    public static EmbeddedFunction read(Template template, Map<String, String> parameters, String bucket) {
        var functions = template.resourcesOf("AWS::Lambda::Function");
        if (functions.isEmpty()) {
            throw new IllegalArgumentException(template.file() + " declares no AWS::Lambda::Function");
        }
        String id = functions.get(0);
        JsonNode props = template.root().path("Resources").path(id).path("Properties");
        String handler = template.resolveScalar(props.path("Handler"), parameters);
        String runtime = template.resolveScalar(props.path("Runtime"), parameters);
        Map<String, String> vars = new LinkedHashMap<>();
        props.path("Environment").path("Variables").fields().forEachRemaining(e -> {
            if (template.refersTo(e.getValue(), "AWS::S3::Bucket")) {
                vars.put(e.getKey(), bucket);
            } else {
                String v = template.resolveScalar(e.getValue(), parameters);
                if (v != null) {
                    vars.put(e.getKey(), v);
                }
            }
        });
        String cls = handler == null ? null : handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        String method = handler != null && handler.contains("::") ? handler.substring(handler.indexOf("::") + 2) : DEFAULT_METHOD;
        return new EmbeddedFunction(id, cls, method, runtime, vars);
    }

    /** Why this function cannot run embedded, in one line; null when it can. Nothing is created to find out. */
    public String problem(Path artifact) {
        if (runtime == null || !runtime.startsWith("java")) {
            return "--embedded runs Java handlers only, but " + logicalId + " declares Runtime " + runtime
                    + " (use the aws target for this stack)";
        }
        if (handlerClass == null || handlerClass.isBlank()) {
            return "--embedded needs the function's Handler (package.Class::method), but " + logicalId + " declares none";
        }
        if (!Files.isRegularFile(artifact)) {
            return "artifact " + artifact + " does not exist";
        }
        String entry = handlerClass.replace('.', '/') + ".class";
        try (ZipFile zip = new ZipFile(artifact.toFile())) {
            if (zip.getEntry(entry) == null) {
                return "artifact " + artifact + " has no " + entry + " (the template's Handler " + handlerClass
                        + "); --embedded runs Java handler artifacts (a jar or zip of classes)";
            }
        } catch (ZipException e) {
            return "artifact " + artifact + " is not a jar or zip; --embedded runs Java handler artifacts only";
        } catch (IOException e) {
            return "cannot read artifact " + artifact + ": " + e.getMessage();
        }
        return null;
    }
}
