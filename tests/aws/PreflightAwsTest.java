package aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/** Pre-flight and name isolation against moto_server. */
class PreflightAwsTest {
    @RegisterExtension
    static final MotoSessions MOTO = new MotoSessions();

    @Test
    void preflightReturnsTheAccountAndArn() {
        Preflight.CallerIdentity id = Preflight.run(MOTO.session());
        assertEquals(MotoSessions.ACCOUNT, id.account());
        assertTrue(id.arn().startsWith("arn:aws:"), id.arn());
    }

    @Test
    void freshNamesPass() {
        CheckNamesFree.run(MOTO.session(), RunNames.create("fresh"), MotoSessions.ACCOUNT);
    }

    @Test
    void anExistingStackNameIsRefusedBeforeAnythingIsCreated() {
        RunNames names = RunNames.create("taken");
        MOTO.session().cloudFormation().createStack(r -> r.stackName(names.stackName()).templateBody(CleanupAwsTest.MINIMAL_TEMPLATE));

        var e = assertThrows(PreflightException.class, () -> CheckNamesFree.run(MOTO.session(), names, MotoSessions.ACCOUNT));

        assertTrue(e.getMessage().contains("stack " + names.stackName()), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was created"), e.getMessage());
        assertFalse(CheckNamesFree.bucketExists(MOTO.session(), names.artifactBucket()));
        assertEquals(StackStatus.CREATE_COMPLETE, DeleteStack.find(MOTO.session().cloudFormation(), names.stackName()).stackStatus());
    }

    @Test
    void anExistingBucketNameIsRefusedAndLeftUntouched() {
        RunNames names = RunNames.create("taken");
        String renderBucket = CheckNamesFree.renderBucketName(names, MotoSessions.ACCOUNT, MotoServer.REGION);
        MOTO.session().s3().createBucket(r -> r.bucket(renderBucket));
        MOTO.session().s3().putObject(r -> r.bucket(renderBucket).key("someone-elses.txt"), RequestBody.fromString("keep"));

        var e = assertThrows(PreflightException.class, () -> CheckNamesFree.run(MOTO.session(), names, MotoSessions.ACCOUNT));

        assertTrue(e.getMessage().contains("bucket " + renderBucket), e.getMessage());
        assertFalse(CheckNamesFree.stackExists(MOTO.session(), names.stackName()));
        assertEquals("keep", MOTO.session().s3().getObjectAsBytes(r -> r.bucket(renderBucket).key("someone-elses.txt")).asUtf8String());
    }
}
