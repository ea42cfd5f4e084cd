//DEPS com.fasterxml.jackson.core:jackson-databind:2.22.4
//DEPS com.fasterxml.jackson.core:jackson-annotations:2.22
package json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one place that declares Jackson and configures its mappers, so the handler and the harness
 * read and write JSON identically. jackson-annotations is pinned because s3proxy 4.x otherwise drags
 * in an older one and fails with NoClassDefFoundError JsonSerializeAs.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** Strict reader for user-authored files (compositions, meta.json), where a typo must not pass silently. */
    public static final ObjectMapper STRICT = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private Json() {}
}
