//DEPS info.picocli:picocli:4.7.7
package cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where renders run and how the stack is deployed: shared by smoke and eval as a picocli mixin. */
public final class TargetOptions {
    @Option(names = "--embedded", description = "Run everything in this process: an in-process S3 server and the built "
            + "handler artifact in an isolated class loader. No Docker, no AWS.")
    public boolean embedded;

    @Option(names = "--local", description = "LocalStack S3 plus Lambda Runtime Interface Emulator containers (needs Docker).")
    public boolean local;

    @Option(names = "--profile", description = "AWS profile (SSO profiles work). Default: $AWS_PROFILE, else the default chain.")
    public String profile;

    @Option(names = "--region", description = "AWS region. Default: $AWS_REGION, else $AWS_DEFAULT_REGION, else the profile's "
            + "region, else us-east-1.")
    public String region;

    @Option(names = "--endpoint-url", description = "Point every AWS client at this AWS-compatible endpoint "
            + "(default: $AWS_ENDPOINT_URL). For moto_server or LocalStack.")
    public String endpointUrl;

    @Option(names = "--stack-name", description = "Stack name prefix; the stack is <prefix>-<run id>. Default: renderproof-smoke.")
    public String stackName;

    @Option(names = "--run-id", description = "Run id naming every resource (4-12 lowercase letters/digits). Default: a new "
            + "random id. A run whose names already exist is refused before anything is created.")
    public String runId;

    @Option(names = "--reserved-concurrency", defaultValue = "-1",
            description = "Reserved concurrency for the render function; pre-flight refuses one the account cannot grant "
                    + "(it must leave 100 unreserved). Default: none (-1): the function shares the account's pool.")
    public int reservedConcurrency;

    @Option(names = "--architecture", defaultValue = "x86_64",
            description = "Function architecture, x86_64 or arm64 (20 %% cheaper per GB-second); the artifact bundles the "
                    + "matching ffmpeg and the cost estimate uses the matching price. Default: ${DEFAULT-VALUE}.")
    public String architecture;

    @Option(names = "--memory-mb", defaultValue = "10240",
            description = "Render function memory in MB (also the cost basis). Default: ${DEFAULT-VALUE}.")
    public int memoryMb;

    @Option(names = "--permissions-boundary", description = "Managed policy ARN set as the permissions boundary of the two "
            + "roles the stack creates (for accounts that allow creating roles only under one). Default: none.")
    public String permissionsBoundary;

    @Option(names = "--concurrency", description = "Invocations run at once on --embedded/--local. Default: the number of cores.")
    public Integer concurrency;

    @Option(names = "--keep-stack", description = "Skip teardown and print how to inspect what was left.")
    public boolean keepStack;

    @Option(names = "--skip-build", description = "Use the existing handler artifact (build/renderproof-handler.jar; "
            + "build/renderproof-handler-linux-arm64.jar for --architecture arm64).")
    public boolean skipBuild;

    @Option(names = "--timeout", defaultValue = "PT25M", converter = DurationConverter.class,
            description = "Longest wait for one render, e.g. 25m, 90s, PT1H. Default: 25m.")
    public Duration timeout;

    @Option(names = "--teardown-deadline", defaultValue = "10m", converter = DurationConverter.class,
            description = "Longest time teardown and its verification may take together (every AWS call in them is "
                    + "also bounded); what is not verified by then is listed as unverified and the run exits 7. Default: 10m.")
    public Duration teardownDeadline;

    @Option(names = "--ffmpeg", description = "ffmpeg used for analysis (PSNR, audio). Default: $RENDERPROOF_ANALYSIS_FFMPEG, "
            + "else the bundled static ffmpeg 4.4.1 that renders use.")
    public Path ffmpeg;

    /** Lambda's memory range for a function, in MB. */
    public static final int MIN_MEMORY_MB = 128;
    public static final int MAX_MEMORY_MB = 10240;

    /** Checks the flags against each other and their ranges before anything is created (exit 1). */
    public void validate() {
        if (embedded && local) {
            throw new RunFailure(ExitCode.USAGE, "--embedded and --local are exclusive: pick one target");
        }
        if (memoryMb < MIN_MEMORY_MB || memoryMb > MAX_MEMORY_MB) {
            throw new RunFailure(ExitCode.USAGE, "--memory-mb must be in Lambda's " + MIN_MEMORY_MB + ".." + MAX_MEMORY_MB
                    + " MB, got " + memoryMb);
        }
        if (reservedConcurrency < -1 || reservedConcurrency == 0) {
            throw new RunFailure(ExitCode.USAGE, "--reserved-concurrency must be -1 (none) or at least 1 (0 would throttle every "
                    + "render), got " + reservedConcurrency);
        }
        if (concurrency != null && concurrency < 1) {
            throw new RunFailure(ExitCode.USAGE, "--concurrency must be at least 1, got " + concurrency);
        }
        if (!"x86_64".equals(architecture) && !"arm64".equals(architecture)) {
            throw new RunFailure(ExitCode.USAGE, "--architecture must be x86_64 or arm64, got '" + architecture + "'");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new RunFailure(ExitCode.USAGE, "--timeout must be positive, got " + timeout);
        }
        if (ffmpeg != null && !(java.nio.file.Files.isRegularFile(ffmpeg) && java.nio.file.Files.isExecutable(ffmpeg))) {
            throw new RunFailure(ExitCode.USAGE, "--ffmpeg " + ffmpeg + " is not an executable file");
        }
    }

    public String targetName() {
        return embedded ? "embedded" : local ? "local" : "aws";
    }

    /**
     * --concurrency, else one invocation per core; on --local with a function architecture the host
     * runs under emulation (arm64 containers on an x86-64 host or the reverse), one per two cores, since
     * each emulated invocation needs far more CPU than a native one.
     */
    public int localConcurrency() {
        if (concurrency != null) {
            return concurrency;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        boolean emulated = local && media.FfmpegBuild.forLambda(architecture)
                != media.FfmpegBuild.forHost("Linux", System.getProperty("os.arch")).orElse(null);
        return emulated ? Math.max(1, cores / 2) : cores;
    }

    /** Accepts 25m, 90s, 2h or ISO-8601 (PT25M). */
    public static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase();
            if (v.startsWith("pt")) {
                return Duration.parse(v.toUpperCase());
            }
            if (!v.matches("\\d+[smh]")) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a duration like 25m, 90s or 2h");
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
    }
}
