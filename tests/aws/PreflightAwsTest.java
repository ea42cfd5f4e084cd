package aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/** Pre-flight and name isolation against moto_server. */
class PreflightAwsTest {
    private static MotoServer moto;
    private static AwsSession session;

    @BeforeAll
    static void start() {
        moto = MotoSessions.startOrSkip();
        session = MotoSessions.session(moto);
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void preflightReturnsTheAccountAndArn() {
        Preflight.CallerIdentity id = Preflight.run(session);
        assertEquals(MotoSessions.ACCOUNT, id.account());
        assertTrue(id.arn().startsWith("arn:aws:"), id.arn());
    }

    @Test
    void freshNamesPass() {
        CheckNamesFree.run(session, RunNames.create("fresh"), MotoSessions.ACCOUNT);
    }

    @Test
    void anExistingStackNameIsRefusedBeforeAnythingIsCreated() {
        RunNames names = RunNames.create("taken");
        session.cloudFormation().createStack(r -> r.stackName(names.stackName()).templateBody(CleanupAwsTest.MINIMAL_TEMPLATE));

        var e = assertThrows(PreflightException.class, () -> CheckNamesFree.run(session, names, MotoSessions.ACCOUNT));

        assertTrue(e.getMessage().contains("stack " + names.stackName()), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was created"), e.getMessage());
        assertFalse(CheckNamesFree.bucketExists(session, names.artifactBucket()));
        assertEquals(StackStatus.CREATE_COMPLETE, DeleteStack.find(session.cloudFormation(), names.stackName()).stackStatus());
    }

    @Test
    void anExistingBucketNameIsRefusedAndLeftUntouched() {
        RunNames names = RunNames.create("taken");
        String renderBucket = CheckNamesFree.renderBucketName(names, MotoSessions.ACCOUNT, MotoServer.REGION);
        session.s3().createBucket(r -> r.bucket(renderBucket));
        session.s3().putObject(r -> r.bucket(renderBucket).key("someone-elses.txt"), RequestBody.fromString("keep"));

        var e = assertThrows(PreflightException.class, () -> CheckNamesFree.run(session, names, MotoSessions.ACCOUNT));

        assertTrue(e.getMessage().contains("bucket " + renderBucket), e.getMessage());
        assertFalse(CheckNamesFree.stackExists(session, names.stackName()));
        assertEquals("keep", session.s3().getObjectAsBytes(r -> r.bucket(renderBucket).key("someone-elses.txt")).asUtf8String());
    }
}
