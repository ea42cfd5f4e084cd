package pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import media.Ffmpeg;

/** A throwaway copy of the checkout's stack template, fixtures and baselines, whose baselines a test may spoil. */
final class TestRepo {
    static final Path REPO = Path.of("").toAbsolutePath();

    private final Path root;

    TestRepo(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root.resolve("stack"));
        Files.copy(REPO.resolve("stack/template.yaml"), root.resolve("stack/template.yaml"));
    }

    Path root() {
        return root;
    }

    /** Copies a fixture and its baseline unchanged. */
    TestRepo with(String fixture) throws IOException {
        copyTree(REPO.resolve("fixtures").resolve(fixture), root.resolve("fixtures").resolve(fixture));
        copyTree(REPO.resolve("baselines").resolve(fixture), root.resolve("baselines").resolve(fixture));
        return this;
    }

    /** Copies a fixture and its baseline under another name. */
    TestRepo withCopy(String fixture, String as) throws IOException {
        copyTree(REPO.resolve("fixtures").resolve(fixture), root.resolve("fixtures").resolve(as));
        copyTree(REPO.resolve("baselines").resolve(fixture), root.resolve("baselines").resolve(as));
        return this;
    }

    /** Replaces a copied fixture's baseline video by what ffmpeg makes of the original with these arguments. */
    TestRepo spoilBaseline(String fixture, List<String> ffmpegArgsBetweenInputAndOutput) throws IOException {
        Path original = REPO.resolve("baselines").resolve(fixture).resolve("output.mp4");
        Path spoiled = root.resolve("baselines").resolve(fixture).resolve("output.mp4");
        Files.deleteIfExists(spoiled);
        var args = new java.util.ArrayList<String>(List.of("-i", original.toString()));
        args.addAll(ffmpegArgsBetweenInputAndOutput);
        args.add(spoiled.toString());
        Ffmpeg.bundled().run(args);
        return this;
    }

    /** ffmpeg arguments that keep the video and put a different tone where the audio was (or adds one). */
    static List<String> otherAudio() {
        return List.of("-f", "lavfi", "-i", "sine=frequency=997:sample_rate=48000", "-map", "0:v", "-map", "1:a",
                "-c:v", "copy", "-c:a", "aac", "-shortest");
    }

    private static void copyTree(Path from, Path to) {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
