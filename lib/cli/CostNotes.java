package cli;

/** What a run costs on AWS, for --help. */
public final class CostNotes {
    public static final String HELP = """
            Cost notes (AWS target; --embedded and --local cost nothing):
              deploy + teardown of the stack: about $0.01 (CloudFormation is free; a few S3/Logs requests)
              Lambda: $0.0000166667 per GB-second; at the default 10240 MB a chunk rendering for 10 s costs ~$0.0017
              Step Functions: $0.025 per 1,000 state transitions (a render is 5 + chunks transitions)
              The per-render estimate in results.json uses the handler-reported durations from the history.""";

    private CostNotes() {}
}
