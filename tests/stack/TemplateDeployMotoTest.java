package stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aws.MotoServer;
import aws.AwsSession;
import awsclient.AwsEnvironment;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import s3.S3Clients;
import s3.S3Uri;
import s3.UploadObject;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * stack/template.yaml deploys and deletes through the SDK against moto_server. moto cannot run a Java
 * Lambda, so the code package is a small placeholder zip rather than the 49 MB fat jar: what is under
 * test is the template (resources, intrinsics, conditions, outputs), not the artifact.
 */
class TemplateDeployMotoTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void stackReachesCreateCompleteWithItsOutputsAndDeletes() throws Exception {
        Assumptions.assumeTrue(MotoServer.locate().isPresent(),
                "moto_server is not on PATH: the CloudFormation deploy test needs moto 5.x (pip install 'moto[server]')");
        String template = Files.readString(BuildHandlerArtifact.findRepoRoot(Path.of("")).resolve("stack/template.yaml"));
        try (MotoServer moto = MotoServer.start();
             S3Client s3 = S3Clients.fromEnvironment(moto.clientEnvironment());
             AwsSession session = AwsSession.of(AwsEnvironment.credentials(moto.clientEnvironment()),
                     AwsEnvironment.region(moto.clientEnvironment()), moto.endpoint())) {
            CloudFormationClient cfn = session.cloudFormation();
            s3.createBucket(b -> b.bucket("renderproof-code-test"));
            UploadObject.fromBytes(s3, new S3Uri("renderproof-code-test", "handler.jar"), placeholderZip(), "application/zip");

            String stackName = "renderproof-template-test";
            cfn.createStack(b -> b.stackName(stackName).templateBody(template)
                    .capabilities(Capability.CAPABILITY_NAMED_IAM)
                    .parameters(param("ProjectName", "rp-moto-test"), param("CodeS3Bucket", "renderproof-code-test"),
                            param("CodeS3Key", "handler.jar"), param("ReservedConcurrency", "4")));
            Stack created = await(cfn, stackName);
            assertEquals(StackStatus.CREATE_COMPLETE, created.stackStatus(), created.stackStatusReason());
            Map<String, String> outputs = created.outputs().stream().collect(Collectors.toMap(Output::outputKey, Output::outputValue));
            assertEquals(java.util.Set.of("RenderBucketName", "RenderStateMachineArn", "RenderFunctionArn"), outputs.keySet());
            assertTrue(outputs.get("RenderBucketName").startsWith("rp-moto-test-"), outputs.toString());
            assertTrue(outputs.get("RenderFunctionArn").endsWith(":function:rp-moto-test-render"), outputs.toString());
            assertTrue(outputs.get("RenderStateMachineArn").endsWith(":stateMachine:rp-moto-test-render"), outputs.toString());
            s3.headBucket(b -> b.bucket(outputs.get("RenderBucketName")));

            cfn.deleteStack(b -> b.stackName(stackName));
            Stack deleted = await(cfn, created.stackId());
            assertEquals(StackStatus.DELETE_COMPLETE, deleted.stackStatus(), deleted.stackStatusReason());
        }
    }

    private static Parameter param(String key, String value) {
        return Parameter.builder().parameterKey(key).parameterValue(value).build();
    }

    private static Stack await(CloudFormationClient cfn, String stack) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Stack s = cfn.describeStacks(b -> b.stackName(stack)).stacks().get(0);
            if (!s.stackStatusAsString().endsWith("_IN_PROGRESS") || System.nanoTime() > deadline) {
                return s;
            }
            Thread.sleep(500);
        }
    }

    private static byte[] placeholderZip() throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("README.txt"));
            zip.write("placeholder code package for a template deploy test".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
