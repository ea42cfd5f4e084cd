package cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import json.Json;

/**
 * Runs smoke and eval command lines in this JVM, one after another, and reports per case what a user
 * would see and what was left: exit code, stderr, time, new entries in the temp directory (this JVM's
 * own, given with -Djava.io.tmpdir, so nothing else writes there) and TCP ports this process listens on.
 * Usage: BadInputsProbe CASES.json RESULTS.json, CASES an array of {id, command: smoke|eval, args}.
 */
public final class BadInputsProbe {
    public static void main(String... args) throws Exception {
        JsonNode cases = Json.MAPPER.readTree(new File(args[0]));
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        PrintStream out = System.out;
        PrintStream err = System.err;
        ArrayNode results = Json.MAPPER.createArrayNode();
        for (JsonNode c : cases) {
            List<String> before = entries(tmp);
            long portsBefore = listeningPorts();
            var capturedOut = new ByteArrayOutputStream();
            var capturedErr = new ByteArrayOutputStream();
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            long t0 = System.nanoTime();
            int exit;
            try {
                String[] argv = Json.MAPPER.convertValue(c.get("args"), String[].class);
                exit = ExitOnBadArguments.execute(c.path("command").asText().equals("eval") ? new EvalCommand() : new SmokeCommand(), argv);
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
            ObjectNode r = results.addObject();
            r.put("id", c.path("id").asText());
            r.put("exit", exit);
            r.put("ms", (System.nanoTime() - t0) / 1_000_000);
            r.put("stderr", capturedErr.toString(StandardCharsets.UTF_8));
            r.put("stdout", capturedOut.toString(StandardCharsets.UTF_8));
            List<String> created = new ArrayList<>(entries(tmp));
            created.removeAll(before);
            r.set("newTempEntries", Json.MAPPER.valueToTree(created));
            r.put("newListeningPorts", listeningPorts() - portsBefore);
        }
        Json.MAPPER.writeValue(new File(args[1]), results);
    }

    private static List<String> entries(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** TCP ports this process listens on: its socket inodes (/proc/self/fd) in LISTEN state in /proc/self/net/tcp and tcp6. */
    private static long listeningPorts() throws Exception {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        inodes.add(link.substring(8, link.length() - 1));
                    }
                } catch (java.io.IOException e) {
                    // the fd closed while listing: not a socket we hold
                }
            }
        }
        long listening = 0;
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            Path t = Path.of(table);
            if (!Files.exists(t)) {
                continue;
            }
            List<String> lines = Files.readAllLines(t);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
                    listening++;
                }
            }
        }
        return listening;
    }
}
