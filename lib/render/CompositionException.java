package render;

import contract.ErrorName;
import contract.RenderFailure;

/** A composition that cannot be rendered; the message is one line: "file: field: problem". */
public final class CompositionException extends RenderFailure {
    public CompositionException(String file, String field, String problem) {
        super(ErrorName.INVALID_COMPOSITION, oneLine(file + ": " + field + ": " + problem));
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
