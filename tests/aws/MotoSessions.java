package aws;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * A moto_server per test class and an AwsSession pointed at it, stopped after the class; skips (with
 * the reason printed) where moto is absent. For the class's duration moto's dummy credentials are the SDK's
 * system properties, so commands run in-process find them through the default chain as a user's would. Use as {@code @RegisterExtension static final MotoSessions MOTO}.
 */
final class MotoSessions implements BeforeAllCallback, AfterAllCallback {
    /** moto's fixed account id. */
    static final String ACCOUNT = "123456789012";

    private MotoServer server;
    private AwsSession session;

    @Override
    public void beforeAll(ExtensionContext context) {
        boolean present = MotoServer.locate().isPresent();
        if (!present) {
            System.out.println("SKIP: " + MotoServer.EXECUTABLE + " is not on PATH; the AWS code path is not exercised here");
        }
        assumeTrue(present, MotoServer.EXECUTABLE + " is not on PATH");
        server = MotoServer.start();
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        session = AwsSession.of(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")),
                Region.of(MotoServer.REGION), server.endpoint());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (session != null) {
            session.close();
        }
        if (server != null) {
            server.close();
        }
    }

    MotoServer server() {
        return server;
    }

    AwsSession session() {
        return session;
    }
}
