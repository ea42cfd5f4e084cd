package aws;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** A moto_server per test class and an AwsSession pointed at it; skips (with the reason printed) where moto is absent. */
final class MotoSessions {
    /** moto's fixed account id. */
    static final String ACCOUNT = "123456789012";

    private MotoSessions() {}

    static MotoServer startOrSkip() {
        boolean present = MotoServer.locate().isPresent();
        if (!present) {
            System.out.println("SKIP: " + MotoServer.EXECUTABLE + " is not on PATH; the AWS code path is not exercised here");
        }
        assumeTrue(present, MotoServer.EXECUTABLE + " is not on PATH");
        return MotoServer.start();
    }

    static AwsSession session(MotoServer moto) {
        return AwsSession.of(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")),
                Region.of(MotoServer.REGION), moto.endpoint());
    }
}
