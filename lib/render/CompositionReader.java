package render;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.LinearGradientPaint;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads and validates {@code composition.json} (docs/composition.md). Every problem becomes a
 * {@link CompositionException} naming the file and the field, so a user fixes it without guessing.
 * Unknown fields are errors too: a misspelt "opactiy" would otherwise render silently wrong.
 */
final class CompositionReader {
    static final String FILE_NAME = "composition.json";
    /** H.264 level 5.2's widest frame; also bounds the memory one drawn frame takes. */
    static final int MAX_SIDE = 4096;
    static final int MAX_FPS = 120;
    /** Planning mixes the whole timeline's audio, so its length bounds how long planning takes. */
    static final int MAX_DURATION_SECONDS = 3600;
    /** Per asset file; the handler's archive cap (1 GiB) bounds the total. */
    static final long MAX_ASSET_BYTES = 256L << 20;
    static final long MAX_COMPOSITION_BYTES = 4L << 20;
    /** Per side of a PNG, which is decoded whole into memory. */
    static final int MAX_IMAGE_SIDE = 8192;

    private final Path projectDir;
    private final String file;

    private CompositionReader(Path projectDir, String shownAs) {
        this.projectDir = projectDir;
        this.file = shownAs;
    }

    static Composition read(Path projectDir) {
        return read(projectDir, projectDir.resolve(FILE_NAME).toString());
    }

    /** As {@link #read(Path)}, naming the file {@code shownAs} in errors (e.g. its path in the repository). */
    static Composition read(Path projectDir, String shownAs) {
        return new CompositionReader(projectDir, shownAs).read();
    }

    private Composition read() {
        Path path = projectDir.resolve(FILE_NAME);
        JsonNode root;
        try {
            if (Files.size(path) > MAX_COMPOSITION_BYTES) {
                throw new CompositionException(file, "(file)", Files.size(path) + " bytes, over the " + MAX_COMPOSITION_BYTES + "-byte limit");
            }
            root = json.Json.MAPPER.readTree(path.toFile());
        } catch (IOException e) {
            throw new CompositionException(file, "(file)", Files.exists(path) ? "not valid JSON: " + e.getMessage() : "missing");
        }
        if (root == null || !root.isObject()) {
            throw new CompositionException(file, "(root)", "must be a JSON object");
        }
        allowOnly(root, "", Set.of("width", "height", "fps", "durationFrames", "background", "layers", "audio"));
        int width = evenPositive(root, "width");
        int height = evenPositive(root, "height");
        int fps = integer(root, "fps", "fps", null);
        if (fps <= 0 || fps > MAX_FPS) {
            throw err("fps", "must be a positive integer, at most " + MAX_FPS + " (got " + fps + ")");
        }
        int duration = integer(root, "durationFrames", "durationFrames", null);
        if (duration <= 0) {
            throw err("durationFrames", "must be > 0 (got " + duration + ")");
        }
        if (duration > (long) fps * MAX_DURATION_SECONDS) {
            throw err("durationFrames", "at most " + MAX_DURATION_SECONDS + " s, " + (long) fps * MAX_DURATION_SECONDS
                    + " frames at " + fps + " fps (got " + duration + ")");
        }
        int background = root.has("background") ? color(root.get("background"), "background").getRGB() & 0xffffff : 0;

        List<Composition.Layer> layers = new ArrayList<>();
        JsonNode layerNodes = array(root, "layers", "layers");
        for (int i = 0; i < layerNodes.size(); i++) {
            layers.add(layer(layerNodes.get(i), "layers[" + i + "]", width, height, fps, duration));
        }
        List<Composition.AudioTrack> audio = new ArrayList<>();
        JsonNode audioNodes = array(root, "audio", "audio");
        for (int i = 0; i < audioNodes.size(); i++) {
            audio.add(audioTrack(audioNodes.get(i), "audio[" + i + "]", duration));
        }
        return new Composition(path, width, height, fps, duration, background, List.copyOf(layers), List.copyOf(audio));
    }

    private Composition.Layer layer(JsonNode n, String at, int canvasW, int canvasH, int fps, int duration) {
        if (!n.isObject()) {
            throw err(at, "must be an object");
        }
        String type = text(n, "type", at + ".type", null);
        Set<String> common = Set.of("type", "from", "to", "transform", "width", "height", "fill");
        int from = integer(n, "from", at + ".from", 0);
        int to = integer(n, "to", at + ".to", duration);
        if (from < 0 || from >= to || to > duration) {
            throw err(at + (to <= from ? ".to" : from < 0 ? ".from" : ".to"),
                    "need 0 <= from < to <= durationFrames (" + duration + "), got from " + from + " to " + to
                            + (to == from ? " (zero duration)" : ""));
        }
        Composition.Transform tf = transform(n.get("transform"), at + ".transform", canvasW, canvasH);
        switch (type) {
            case "rect" -> {
                allowOnly(n, at, union(common, "cornerRadius"));
                double r = number(n, "cornerRadius", at + ".cornerRadius", 0.0);
                if (r < 0) {
                    throw err(at + ".cornerRadius", "must be >= 0");
                }
                return new Composition.Rect(from, to, size(n, "width", at), size(n, "height", at), r, fill(n, at), tf);
            }
            case "ellipse" -> {
                allowOnly(n, at, common);
                return new Composition.Ellipse(from, to, size(n, "width", at), size(n, "height", at), fill(n, at), tf);
            }
            case "text" -> {
                allowOnly(n, at, Set.of("type", "from", "to", "transform", "fill", "text", "size", "font"));
                String text = text(n, "text", at + ".text", null);
                double px = number(n, "size", at + ".size", null);
                if (px <= 0) {
                    throw err(at + ".size", "must be > 0");
                }
                Path font = n.has("font") ? asset(n, "font", at, ".ttf") : null;
                if (font != null) {
                    GlyphOutlines.check(font, file, at + ".font");
                }
                return new Composition.Text(from, to, text, px, font, fill(n, at), tf);
            }
            case "image" -> {
                allowOnly(n, at, Set.of("type", "from", "to", "transform", "width", "height", "src"));
                Path src = asset(n, "src", at, ".png");
                checkPng(src, at + ".src");
                return new Composition.Image(from, to, src, (int) size(n, "width", at), (int) size(n, "height", at), tf);
            }
            case "video" -> {
                allowOnly(n, at, Set.of("type", "from", "to", "transform", "width", "height", "src", "sourceStartFrame"));
                Path src = asset(n, "src", at, ".mp4");
                int start = integer(n, "sourceStartFrame", at + ".sourceStartFrame", 0);
                if (start < 0) {
                    throw err(at + ".sourceStartFrame", "must be >= 0");
                }
                VideoProbe.Info info = VideoProbe.probe(src, file, at + ".src");
                if (Math.abs(info.fps() - fps) > 0.01) {
                    throw err(at + ".src", projectDir.relativize(src) + " runs at " + info.fps()
                            + " fps, the composition at " + fps);
                }
                if (start >= info.frames()) {
                    throw err(at + ".sourceStartFrame", "starts past the end of " + projectDir.relativize(src)
                            + " (frame " + start + ", the clip has " + info.frames() + " frames)");
                }
                if (start + (to - from) > info.frames()) {
                    throw err(at + ".sourceStartFrame", projectDir.relativize(src) + " is too short for the span: needs source frames "
                            + start + ".." + (start + to - from - 1) + ", the clip has " + info.frames() + " frames");
                }
                return new Composition.Video(from, to, src, start, (int) size(n, "width", at), (int) size(n, "height", at), tf);
            }
            default -> throw err(at + ".type", "unknown layer type \"" + type + "\" (expected rect, ellipse, text, image or video)");
        }
    }

    private Composition.AudioTrack audioTrack(JsonNode n, String at, int duration) {
        if (!n.isObject()) {
            throw err(at, "must be an object");
        }
        String type = text(n, "type", at + ".type", null);
        int start = integer(n, "startFrame", at + ".startFrame", 0);
        if (start < 0 || start >= duration) {
            throw err(at + ".startFrame", "must be in [0, durationFrames) (got " + start + ")");
        }
        double volume = number(n, "volume", at + ".volume", 1.0);
        if (volume < 0 || volume > 1) {
            throw err(at + ".volume", "must be in 0..1 (got " + volume + ")");
        }
        int fadeIn = nonNegative(n, "fadeInFrames", at);
        int fadeOut = nonNegative(n, "fadeOutFrames", at);
        Set<String> common = Set.of("type", "startFrame", "volume", "fadeInFrames", "fadeOutFrames");
        switch (type) {
            case "tone" -> {
                allowOnly(n, at, union(common, "frequency", "durationFrames"));
                double freq = number(n, "frequency", at + ".frequency", null);
                if (freq <= 0 || freq >= Composition.SAMPLE_RATE / 2.0) {
                    throw err(at + ".frequency", "must be in (0, 24000) Hz (got " + freq + ")");
                }
                int frames = integer(n, "durationFrames", at + ".durationFrames", null);
                if (frames <= 0) {
                    throw err(at + ".durationFrames", "must be > 0 (got " + frames + ", zero duration)");
                }
                return new Composition.Tone(freq, start, frames, volume, fadeIn, fadeOut);
            }
            case "wav" -> {
                allowOnly(n, at, union(common, "src"));
                Path src = asset(n, "src", at, ".wav");
                try {
                    Wav.Pcm.open(src).close();
                } catch (IOException | IllegalArgumentException e) {
                    throw err(at + ".src", projectDir.relativize(src) + ": " + e.getMessage());
                }
                return new Composition.WavTrack(src, start, volume, fadeIn, fadeOut);
            }
            default -> throw err(at + ".type", "unknown audio type \"" + type + "\" (expected tone or wav)");
        }
    }

    private Composition.Transform transform(JsonNode n, String at, int canvasW, int canvasH) {
        if (n == null) {
            return new Composition.Transform(Animated.constant(canvasW / 2.0), Animated.constant(canvasH / 2.0),
                    Animated.constant(1), Animated.constant(0), Animated.constant(1));
        }
        if (!n.isObject()) {
            throw err(at, "must be an object");
        }
        allowOnly(n, at, Set.of("x", "y", "scale", "rotation", "opacity"));
        Animated opacity = animated(n, "opacity", at, 1);
        for (double v : opacity.values()) {
            if (v < 0 || v > 1) {
                throw err(at + ".opacity", "must be in 0..1 (got " + v + ")");
            }
        }
        return new Composition.Transform(animated(n, "x", at, canvasW / 2.0), animated(n, "y", at, canvasH / 2.0),
                animated(n, "scale", at, 1), animated(n, "rotation", at, 0), opacity);
    }

    private Animated animated(JsonNode parent, String name, String at, double dflt) {
        JsonNode n = parent.get(name);
        String field = at + "." + name;
        if (n == null) {
            return Animated.constant(dflt);
        }
        if (n.isNumber()) {
            return Animated.constant(n.asDouble());
        }
        if (!n.isArray() || n.isEmpty()) {
            throw err(field, "must be a number or a non-empty list of keyframes");
        }
        int[] frames = new int[n.size()];
        double[] values = new double[n.size()];
        Easing[] easings = new Easing[n.size()];
        for (int k = 0; k < n.size(); k++) {
            JsonNode kf = n.get(k);
            String kat = field + "[" + k + "]";
            if (!kf.isObject()) {
                throw err(kat, "must be an object {frame, value, easing?}");
            }
            allowOnly(kf, kat, Set.of("frame", "value", "easing"));
            frames[k] = integer(kf, "frame", kat + ".frame", null);
            values[k] = number(kf, "value", kat + ".value", null);
            String easing = kf.has("easing") ? text(kf, "easing", kat + ".easing", null) : "linear";
            easings[k] = Easing.named(easing);
            if (easings[k] == null) {
                throw err(kat + ".easing", "unknown easing \"" + easing + "\" (expected linear, easeIn, easeOut, easeInOut or hold)");
            }
            if (k > 0 && frames[k] <= frames[k - 1]) {
                throw err(field, "keyframes out of order (frame " + frames[k] + " after " + frames[k - 1] + ")");
            }
        }
        return new Animated(frames, values, easings);
    }

    private Paint fill(JsonNode layer, String at) {
        JsonNode n = layer.get("fill");
        String field = at + ".fill";
        if (n == null) {
            return Color.WHITE;
        }
        if (!n.isObject() || n.size() != 1 || !(n.has("color") || n.has("linearGradient"))) {
            throw err(field, "must be {\"color\": ...} or {\"linearGradient\": ...}");
        }
        if (n.has("color")) {
            return color(n.get("color"), field + ".color");
        }
        JsonNode g = n.get("linearGradient");
        String gat = field + ".linearGradient";
        if (!g.isObject()) {
            throw err(gat, "must be an object");
        }
        allowOnly(g, gat, Set.of("x0", "y0", "x1", "y1", "stops"));
        double x0 = number(g, "x0", gat + ".x0", null);
        double y0 = number(g, "y0", gat + ".y0", null);
        double x1 = number(g, "x1", gat + ".x1", null);
        double y1 = number(g, "y1", gat + ".y1", null);
        if (x0 == x1 && y0 == y1) {
            throw err(gat, "start and end points are the same");
        }
        JsonNode stops = g.get("stops");
        if (stops == null || !stops.isArray() || stops.size() < 2) {
            throw err(gat + ".stops", "needs at least two stops");
        }
        float[] offsets = new float[stops.size()];
        Color[] colors = new Color[stops.size()];
        for (int k = 0; k < stops.size(); k++) {
            String sat = gat + ".stops[" + k + "]";
            JsonNode s = stops.get(k);
            if (!s.isObject()) {
                throw err(sat, "must be an object {offset, color}");
            }
            allowOnly(s, sat, Set.of("offset", "color"));
            offsets[k] = (float) number(s, "offset", sat + ".offset", null);
            if (offsets[k] < 0 || offsets[k] > 1 || (k > 0 && offsets[k] <= offsets[k - 1])) {
                throw err(sat + ".offset", "offsets must increase strictly within 0..1");
            }
            colors[k] = color(s.get("color"), sat + ".color");
        }
        return new LinearGradientPaint((float) x0, (float) y0, (float) x1, (float) y1, offsets, colors);
    }

    private Color color(JsonNode n, String field) {
        if (n == null || !n.isTextual() || !n.asText().matches("#[0-9a-fA-F]{6}")) {
            throw err(field, "must be a colour \"#rrggbb\"" + (n == null ? "" : " (got " + n + ")"));
        }
        return new Color(Integer.parseInt(n.asText().substring(1), 16));
    }

    private Path asset(JsonNode n, String name, String at, String extension) {
        String field = at + "." + name;
        String rel = text(n, name, field, null);
        Path p = Path.of(rel);
        if (rel.isEmpty() || p.isAbsolute() || rel.startsWith("/") || rel.contains("\\")) {
            throw err(field, "must be a path relative to the project directory (got \"" + rel + "\")");
        }
        for (Path part : p) {
            if (part.toString().equals("..")) {
                throw err(field, "must not leave the project directory (got \"" + rel + "\")");
            }
        }
        if (!rel.toLowerCase(java.util.Locale.ROOT).endsWith(extension)) {
            throw err(field, "must name a " + extension + " file (got \"" + rel + "\")");
        }
        Path resolved = projectDir.resolve(p);
        if (!Files.isRegularFile(resolved)) {
            throw err(field, "missing asset " + rel);
        }
        try {
            if (Files.size(resolved) > MAX_ASSET_BYTES) {
                throw err(field, rel + " is " + Files.size(resolved) + " bytes, over the " + MAX_ASSET_BYTES + "-byte limit per asset");
            }
        } catch (IOException e) {
            throw err(field, "cannot read " + rel + ": " + e.getMessage());
        }
        return resolved;
    }

    private void checkPng(Path src, String field) {
        try (ImageInputStream in = ImageIO.createImageInputStream(src.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            ImageReader reader = readers.hasNext() ? readers.next() : null;
            if (reader == null || !reader.getFormatName().equalsIgnoreCase("png")) {
                throw err(field, projectDir.relativize(src) + " is not a PNG");
            }
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE) {
                    throw err(field, projectDir.relativize(src) + " is " + w + "x" + h + ", over the " + MAX_IMAGE_SIDE
                            + " px limit per side");
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw err(field, "cannot read " + projectDir.relativize(src) + ": " + e.getMessage());
        }
    }

    private double size(JsonNode n, String name, String at) {
        double v = number(n, name, at + "." + name, null);
        if (v <= 0) {
            throw err(at + "." + name, "must be > 0 (got " + v + ")");
        }
        return v;
    }

    private int evenPositive(JsonNode n, String name) {
        int v = integer(n, name, name, null);
        if (v <= 0 || v % 2 != 0 || v > MAX_SIDE) {
            throw err(name, "must be an even number in 2.." + MAX_SIDE + " for yuv420p (got " + v + ")");
        }
        return v;
    }

    private int nonNegative(JsonNode n, String name, String at) {
        int v = integer(n, name, at + "." + name, 0);
        if (v < 0) {
            throw err(at + "." + name, "must be >= 0 (got " + v + ")");
        }
        return v;
    }

    private int integer(JsonNode n, String name, String field, Integer dflt) {
        JsonNode v = n.get(name);
        if (v == null && dflt != null) {
            return dflt;
        }
        if (v == null) {
            throw err(field, "missing");
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw err(field, "must be an integer (got " + v + ")");
        }
        return v.intValue();
    }

    private double number(JsonNode n, String name, String field, Double dflt) {
        JsonNode v = n.get(name);
        if (v == null && dflt != null) {
            return dflt;
        }
        if (v == null) {
            throw err(field, "missing");
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw err(field, "must be a number (got " + v + ")");
        }
        return v.asDouble();
    }

    private String text(JsonNode n, String name, String field, String dflt) {
        JsonNode v = n.get(name);
        if (v == null && dflt != null) {
            return dflt;
        }
        if (v == null) {
            throw err(field, "missing");
        }
        if (!v.isTextual()) {
            throw err(field, "must be a string (got " + v + ")");
        }
        return v.asText();
    }

    private JsonNode array(JsonNode n, String name, String field) {
        JsonNode v = n.get(name);
        if (v == null) {
            return json.Json.MAPPER.createArrayNode();
        }
        if (!v.isArray()) {
            throw err(field, "must be a list");
        }
        return v;
    }

    private void allowOnly(JsonNode n, String at, Set<String> allowed) {
        Iterator<String> names = n.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw err(at.isEmpty() ? name : at + "." + name, "unknown field");
            }
        }
    }

    private static Set<String> union(Set<String> base, String... more) {
        var all = new java.util.HashSet<>(base);
        all.addAll(List.of(more));
        return all;
    }

    private CompositionException err(String field, String problem) {
        return new CompositionException(file, field, problem);
    }
}
