package media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import platform.HostPlatform;

/** Which bundled ffmpeg a host (by the JVM's os.name and os.arch) and a Lambda architecture get. */
class FfmpegBuildTest {
    @Test
    void eachOfTheFivePlatformsGetsItsBuildAndTheHarnessCarriesIt() {
        // os.name / os.arch as the JVM reports them on each platform.
        String[][] hosts = {
            {"Linux", "amd64", "LINUX_X86_64", "ffmpeg-amd64"},
            {"Linux", "aarch64", "LINUX_ARM64", "ffmpeg-aarch64"},
            {"Mac OS X", "x86_64", "MACOS_X86_64", "ffmpeg-x86_64-osx"},
            {"Mac OS X", "aarch64", "MACOS_ARM64", "ffmpeg-aarch64-osx"},
            {"Windows 11", "amd64", "WINDOWS_X86_64", "ffmpeg-amd64.exe"},
        };
        for (String[] h : hosts) {
            FfmpegBuild b = FfmpegBuild.forHost(h[0], h[1]).orElseThrow(() -> new AssertionError("no build for " + h[0] + "/" + h[1]));
            assertEquals(h[2], b.name(), h[0] + "/" + h[1]);
            assertEquals("ws/schild/jave/nativebin/" + h[3], b.resource());
            assertNotNull(getClass().getClassLoader().getResource(b.resource()),
                    b.mavenCoordinates() + " is on the harness classpath (lib/platform/HostPlatform.java //DEPS)");
        }
        assertEquals(Optional.of(FfmpegBuild.WINDOWS_X86_64), FfmpegBuild.forHost("Windows Server 2022", "x86_64"));
        assertEquals(FfmpegBuild.LINUX_X86_64, FfmpegBuild.forLambda("x86_64"));
        assertEquals(FfmpegBuild.LINUX_ARM64, FfmpegBuild.forLambda("arm64"));
    }

    @Test
    void aHostWithoutABuildIsRefusedInPreflightNamingTheFfmpegFlag() {
        assertEquals(Optional.empty(), FfmpegBuild.forHost("Linux", "arm"));
        assertEquals(Optional.empty(), FfmpegBuild.forHost("FreeBSD", "amd64"));
        assertEquals(Optional.empty(), FfmpegBuild.forHost("Windows 11", "aarch64"));
        var e = assertThrows(IllegalStateException.class, () -> HostPlatform.checkFfmpeg("Linux", "riscv64", false));
        assertTrue(e.getMessage().contains("linux/riscv64") && e.getMessage().contains("--ffmpeg PATH"), e.getMessage());
        var inProcess = assertThrows(IllegalStateException.class, () -> HostPlatform.checkFfmpeg("Windows 11", "aarch64", true));
        assertTrue(inProcess.getMessage().contains("use the aws target"), inProcess.getMessage());
    }

    @Test
    void thisHostsBuildIsTheOneBundledRendersUse() {
        FfmpegBuild host = FfmpegBuild.forThisHost().orElseThrow();
        assertTrue(Ffmpeg.bundled().executable().getFileName().toString().endsWith(host.fileName()),
                Ffmpeg.bundled().executable().toString());
        assertTrue(HostPlatform.checkFfmpeg(false).contains("ffmpeg version " + Ffmpeg.BUNDLED_VERSION));
    }
}
