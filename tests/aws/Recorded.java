package aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import json.Json;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryRequest;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.SfnException;

/**
 * Recorded Step Functions responses (tests/aws/recorded/, in the API's JSON shape) and a scripted
 * SfnCalls that replays them, so the waiter's policy runs without AWS.
 */
final class Recorded {
    static final Path DIR = Path.of("tests", "aws", "recorded");

    private Recorded() {}

    static <T> T load(String file, Supplier<? extends SdkPojo> builder) {
        try {
            JsonNode node = Json.MAPPER.readTree(Files.readString(DIR.resolve(file)));
            return ModelJson.read(node, builder);
        } catch (IOException e) {
            throw new UncheckedIOException("recorded fixture " + DIR.resolve(file) + " (run from the repo root)", e);
        }
    }

    static DescribeExecutionResponse describe(String file) {
        return load(file, DescribeExecutionResponse::builder);
    }

    static GetExecutionHistoryResponse history(String file) {
        return load(file, GetExecutionHistoryResponse::builder);
    }

    static SfnException throttling() {
        return (SfnException) SfnException.builder().statusCode(400).message("Rate exceeded")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").errorMessage("Rate exceeded")
                        .serviceName("SFN").build())
                .build();
    }

    /** Replays describe results in order (the last repeats), each with the history as it stood then. */
    static final class Script implements SfnCalls {
        private final List<Object> describes = new ArrayList<>();
        private final List<List<HistoryEvent>> histories = new ArrayList<>();
        private int current = -1;
        GetExecutionHistoryResponse[] pages;
        final List<String> historyTokens = new ArrayList<>();
        int describeCalls;
        int throttleNextHistoryCalls;

        /** Queues a describe result (a response, or an exception to throw) and the history at that point. */
        Script then(Object describeResult, List<HistoryEvent> historySoFar) {
            describes.add(describeResult);
            histories.add(historySoFar);
            return this;
        }

        @Override
        public DescribeExecutionResponse describeExecution(String arn) {
            describeCalls++;
            current = Math.min(current + 1, describes.size() - 1);
            if (describes.get(current) instanceof RuntimeException e) {
                throw e;
            }
            return (DescribeExecutionResponse) describes.get(current);
        }

        @Override
        public GetExecutionHistoryResponse getExecutionHistory(GetExecutionHistoryRequest request) {
            historyTokens.add(request.nextToken());
            if (throttleNextHistoryCalls > 0) {
                throttleNextHistoryCalls--;
                throw throttling();
            }
            if (pages == null) {
                return GetExecutionHistoryResponse.builder().events(histories.get(Math.max(current, 0))).build();
            }
            if (request.nextToken() == null) {
                return pages[0];
            }
            for (int i = 0; i < pages.length - 1; i++) {
                if (request.nextToken().equals(pages[i].nextToken())) {
                    return pages[i + 1];
                }
            }
            throw new IllegalArgumentException("unknown nextToken " + request.nextToken());
        }
    }

    /** A clock that only moves when the waiter sleeps. */
    static final class FakeTime implements PollPolicy.Sleeper {
        long nanos;
        final List<Long> sleptMillis = new ArrayList<>();

        @Override
        public void sleep(java.time.Duration d) {
            sleptMillis.add(d.toMillis());
            nanos += d.toNanos();
        }

        long now() {
            return nanos;
        }
    }
}
