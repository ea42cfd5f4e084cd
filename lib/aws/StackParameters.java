package aws;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The CreateStack parameters for whatever template is deployed: what the harness supplies (the run's
 * ProjectName, the artifact's bucket and key under the template's names for them, memory, reserved
 * concurrency) for each parameter the template declares, then the user's --parameter values on top.
 * CloudFormation refuses parameters a template does not declare, so nothing else is passed.
 */
public record StackParameters(String codeBucketParameter, String codeKeyParameter, Map<String, String> user) {
    public static final StackParameters REFERENCE = new StackParameters("CodeS3Bucket", "CodeS3Key", Map.of());

    /** Why these parameters cannot deploy a template declaring these names, in one line; null when they can. */
    public String problem(Set<String> declared) {
        for (String name : user.keySet()) {
            if (!declared.contains(name)) {
                return "--parameter " + name + ": the template declares no such parameter (it declares " + declared + ")";
            }
        }
        for (String name : new String[] {codeBucketParameter, codeKeyParameter}) {
            if (!declared.contains(name) && !user.containsKey(name)) {
                return "the template declares no parameter " + name + " for the artifact's code location; name its "
                        + "parameters with --code-bucket-parameter and --code-key-parameter";
            }
        }
        return null;
    }

    public Map<String, String> values(Set<String> declared, RunNames names, String codeBucket, String codeKey, int memoryMb,
                                      int reservedConcurrency) {
        return values(declared, names, codeBucket, codeKey, memoryMb, reservedConcurrency, "x86_64", "");
    }

    /** With the function's architecture and the roles' permissions boundary (empty for none), where declared. */
    public Map<String, String> values(Set<String> declared, RunNames names, String codeBucket, String codeKey, int memoryMb,
                                      int reservedConcurrency, String architecture, String permissionsBoundaryArn) {
        Map<String, String> harness = new LinkedHashMap<>();
        harness.put("ProjectName", names.projectName());
        harness.put(codeBucketParameter, codeBucket);
        harness.put(codeKeyParameter, codeKey);
        harness.put("LambdaMemoryMb", Integer.toString(memoryMb));
        harness.put("ReservedConcurrency", Integer.toString(reservedConcurrency));
        harness.put("Architecture", architecture);
        harness.put("PermissionsBoundaryArn", permissionsBoundaryArn);
        Map<String, String> values = new LinkedHashMap<>();
        harness.forEach((k, v) -> {
            if (declared.contains(k)) {
                values.put(k, v);
            }
        });
        values.putAll(user);
        return values;
    }
}
