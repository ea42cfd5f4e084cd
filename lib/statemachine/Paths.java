package statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The subset of Amazon States Language data handling the reference template uses: reference paths
 * ($.a.b, $$.Map.Item.Value), payload templates (keys ending in ".$"), and the intrinsic functions
 * States.ArrayRange, States.MathAdd and States.Format. Anything else is refused loudly rather than
 * guessed, so a template change that needs more fails here first.
 */
final class Paths {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Paths() {}

    static JsonNode read(String path, JsonNode input, JsonNode context) {
        JsonNode root;
        String rest;
        if (path.startsWith("$$")) {
            root = context;
            rest = path.substring(2);
        } else if (path.startsWith("$")) {
            root = input;
            rest = path.substring(1);
        } else {
            throw new StatesError("States.Runtime", "not a path: " + path);
        }
        JsonNode node = root;
        for (String part : rest.split("\\.")) {
            if (part.isEmpty()) {
                continue;
            }
            node = node == null ? null : node.get(part);
        }
        if (node == null || node.isMissingNode()) {
            throw new StatesError("States.Runtime", "path " + path + " matched nothing");
        }
        return node;
    }

    /** Writes value at a ResultPath into a copy of input ("$" replaces it; null discards the result). */
    static JsonNode write(JsonNode input, String resultPath, JsonNode value) {
        if (resultPath == null) {
            return input;
        }
        if (resultPath.equals("$")) {
            return value;
        }
        if (!resultPath.startsWith("$.")) {
            throw new StatesError("States.Runtime", "unsupported ResultPath " + resultPath);
        }
        ObjectNode root = input != null && input.isObject() ? ((ObjectNode) input).deepCopy() : F.objectNode();
        String[] parts = resultPath.substring(2).split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || !child.isObject()) {
                child = node.putObject(parts[i]);
            }
            node = (ObjectNode) child;
        }
        node.set(parts[parts.length - 1], value);
        return root;
    }

    /** Applies a payload template (Parameters, ItemSelector, ResultSelector). */
    static JsonNode template(JsonNode template, JsonNode input, JsonNode context) {
        if (template == null) {
            return input;
        }
        if (template.isObject()) {
            ObjectNode out = F.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = template.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (f.getKey().endsWith(".$")) {
                    String key = f.getKey().substring(0, f.getKey().length() - 2);
                    out.set(key, evaluate(f.getValue().asText(), input, context));
                } else {
                    out.set(f.getKey(), template(f.getValue(), input, context));
                }
            }
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = F.arrayNode();
            template.forEach(e -> out.add(template(e, input, context)));
            return out;
        }
        return template;
    }

    static JsonNode evaluate(String expression, JsonNode input, JsonNode context) {
        String e = expression.trim();
        if (e.startsWith("$")) {
            return read(e, input, context);
        }
        if (e.startsWith("States.")) {
            return new Intrinsic(e, input, context).parse();
        }
        throw new StatesError("States.Runtime", "cannot evaluate " + expression);
    }

    /** A small recursive-descent parser for intrinsic function calls. */
    private static final class Intrinsic {
        private final String text;
        private final JsonNode input;
        private final JsonNode context;
        private int pos;

        Intrinsic(String text, JsonNode input, JsonNode context) {
            this.text = text;
            this.input = input;
            this.context = context;
        }

        JsonNode parse() {
            JsonNode v = call();
            skipSpace();
            if (pos != text.length()) {
                throw error("trailing text");
            }
            return v;
        }

        private JsonNode call() {
            int open = text.indexOf('(', pos);
            if (open < 0) {
                throw error("expected (");
            }
            String name = text.substring(pos, open).trim();
            pos = open + 1;
            List<JsonNode> args = new ArrayList<>();
            skipSpace();
            if (peek() != ')') {
                while (true) {
                    args.add(argument());
                    skipSpace();
                    char c = next();
                    if (c == ')') {
                        break;
                    }
                    if (c != ',') {
                        throw error("expected , or )");
                    }
                }
            } else {
                pos++;
            }
            return apply(name, args);
        }

        private JsonNode argument() {
            skipSpace();
            char c = peek();
            if (c == '\'') {
                int end = text.indexOf('\'', pos + 1);
                String s = text.substring(pos + 1, end);
                pos = end + 1;
                return F.textNode(s);
            }
            int start = pos;
            if (text.startsWith("States.", pos)) {
                return call();
            }
            while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != ')') {
                pos++;
            }
            String token = text.substring(start, pos).trim();
            if (token.startsWith("$")) {
                return read(token, input, context);
            }
            try {
                return token.contains(".") ? F.numberNode(Double.parseDouble(token)) : F.numberNode(Long.parseLong(token));
            } catch (NumberFormatException e) {
                throw error("bad argument " + token);
            }
        }

        private JsonNode apply(String name, List<JsonNode> args) {
            switch (name) {
                case "States.ArrayRange" -> {
                    long from = args.get(0).asLong();
                    long to = args.get(1).asLong();
                    long step = args.get(2).asLong();
                    ArrayNode out = F.arrayNode();
                    for (long i = from; step > 0 ? i <= to : i >= to; i += step) {
                        out.add(i);
                    }
                    return out;
                }
                case "States.MathAdd" -> {
                    return F.numberNode(args.get(0).asLong() + args.get(1).asLong());
                }
                case "States.Format" -> {
                    String format = args.get(0).asText();
                    StringBuilder out = new StringBuilder();
                    int arg = 1;
                    for (int i = 0; i < format.length(); i++) {
                        if (format.startsWith("{}", i)) {
                            JsonNode a = args.get(arg++);
                            out.append(a.isTextual() ? a.asText() : a.toString());
                            i++;
                        } else {
                            out.append(format.charAt(i));
                        }
                    }
                    return F.textNode(out.toString());
                }
                default -> throw error("unsupported intrinsic " + name);
            }
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private char next() {
            return pos < text.length() ? text.charAt(pos++) : '\0';
        }

        private StatesError error(String what) {
            return new StatesError("States.Runtime", what + " at " + pos + " in " + text);
        }
    }
}
