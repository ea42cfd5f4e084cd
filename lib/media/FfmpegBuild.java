package media;

import java.util.Locale;
import java.util.Optional;

/**
 * The static ffmpeg builds of the ws.schild jave-nativebin family (Maven Central, version 3.5.0), one
 * per platform, and which one a host or a Lambda architecture uses. This file declares no //DEPS: the
 * handler artifact bundles exactly one build (its function architecture's, added at export time by
 * stack.BuildHandlerArtifact) and the harness gets all five from lib/platform/HostPlatform.java.
 */
public enum FfmpegBuild {
    LINUX_X86_64("linux", "x86_64", "jave-nativebin-linux64", "ffmpeg-amd64"),
    LINUX_ARM64("linux", "arm64", "jave-nativebin-linux-arm64", "ffmpeg-aarch64"),
    MACOS_X86_64("macos", "x86_64", "jave-nativebin-osx64", "ffmpeg-x86_64-osx"),
    MACOS_ARM64("macos", "arm64", "jave-nativebin-osxm1", "ffmpeg-aarch64-osx"),
    WINDOWS_X86_64("windows", "x86_64", "jave-nativebin-win64", "ffmpeg-amd64.exe");

    public static final String GROUP = "ws.schild";
    public static final String VERSION = "3.5.0";
    private static final String RESOURCE_DIR = "ws/schild/jave/nativebin/";

    private final String os;
    private final String arch;
    private final String artifactId;
    private final String fileName;

    FfmpegBuild(String os, String arch, String artifactId, String fileName) {
        this.os = os;
        this.arch = arch;
        this.artifactId = artifactId;
        this.fileName = fileName;
    }

    /** The build for a JVM's os.name and os.arch, if the family has one. */
    public static Optional<FfmpegBuild> forHost(String osName, String osArch) {
        String os = normaliseOs(osName);
        String arch = normaliseArch(osArch);
        for (FfmpegBuild b : values()) {
            if (b.os.equals(os) && b.arch.equals(arch)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** This JVM's build, if any. */
    public static Optional<FfmpegBuild> forThisHost() {
        return forHost(System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /** The Linux build a Lambda function of this architecture (x86_64 or arm64) runs. */
    public static FfmpegBuild forLambda(String architecture) {
        return switch (architecture) {
            case "x86_64" -> LINUX_X86_64;
            case "arm64" -> LINUX_ARM64;
            default -> throw new IllegalArgumentException("Lambda architecture must be x86_64 or arm64, got " + architecture);
        };
    }

    /** "linux/arm64" style, as the README's platform table and error messages name platforms. */
    public static String describeHost(String osName, String osArch) {
        return normaliseOs(osName) + "/" + normaliseArch(osArch);
    }

    /** Why there is no bundled ffmpeg here, and the flag that gets past it. */
    public static String missingMessage(String osName, String osArch) {
        return "no bundled ffmpeg for this host (" + describeHost(osName, osArch) + "; bundled: "
                + String.join(", ", java.util.Arrays.stream(values()).map(FfmpegBuild::platform).toList())
                + "): name a static ffmpeg 4.4 with --ffmpeg PATH (or $RENDERPROOF_ANALYSIS_FFMPEG)";
    }

    public String platform() {
        return os + "/" + arch;
    }

    public String mavenCoordinates() {
        return GROUP + ":" + artifactId + ":" + VERSION;
    }

    public String resource() {
        return RESOURCE_DIR + fileName;
    }

    public String fileName() {
        return fileName;
    }

    private static String normaliseOs(String osName) {
        String n = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (n.startsWith("linux")) {
            return "linux";
        }
        if (n.startsWith("mac") || n.startsWith("darwin")) {
            return "macos";
        }
        if (n.startsWith("windows")) {
            return "windows";
        }
        return n.isEmpty() ? "unknown" : n.replace(' ', '-');
    }

    // The JVM reports amd64 on Linux and Windows but x86_64 on macOS, aarch64 on Linux and macOS.
    private static String normaliseArch(String osArch) {
        String a = osArch == null ? "" : osArch.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> a.isEmpty() ? "unknown" : a;
        };
    }
}
