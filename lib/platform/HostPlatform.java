//DEPS ws.schild:jave-nativebin-linux64:3.5.0
//DEPS ws.schild:jave-nativebin-linux-arm64:3.5.0
//DEPS ws.schild:jave-nativebin-osx64:3.5.0
//DEPS ws.schild:jave-nativebin-osxm1:3.5.0
//DEPS ws.schild:jave-nativebin-win64:3.5.0
package platform;

import media.Ffmpeg;
import media.FfmpegBuild;

/**
 * The harness's side of platform selection. Every entry point that sources lib/** gets all five
 * static ffmpeg builds from the //DEPS above and media.FfmpegBuild picks the host's at run time; the
 * handler artifact does not source this package, so it carries only its architecture's build.
 */
public final class HostPlatform {
    private HostPlatform() {}

    /**
     * Pre-flight, before anything is created: the ffmpeg this run analyses with, as one line. A host
     * without a bundled build needs --ffmpeg for analysis, and cannot render in this process at all.
     */
    public static String checkFfmpeg(String osName, String osArch, boolean rendersInProcess) {
        boolean hasBuild = FfmpegBuild.forHost(osName, osArch).isPresent();
        if (!hasBuild && (rendersInProcess || !Ffmpeg.analysisOverridden())) {
            throw new IllegalStateException(FfmpegBuild.missingMessage(osName, osArch)
                    + (rendersInProcess ? "; this target renders in this process, which needs a bundled build: use the aws target" : ""));
        }
        return Ffmpeg.forAnalysis().version();
    }

    public static String checkFfmpeg(boolean rendersInProcess) {
        return checkFfmpeg(System.getProperty("os.name"), System.getProperty("os.arch"), rendersInProcess);
    }
}
