package s3http;

import java.util.Map;
import s3.S3Uri;

/** HeadObject: an object's ETag, which changes whenever its bytes do, without fetching them. */
public final class HeadObject {
    private HeadObject() {}

    public static String etag(S3HttpClient s3, S3Uri uri) {
        try {
            return s3.exchange("HeadObject", "HEAD", uri, Map.of(), null, (c, in) -> c.getHeaderField("ETag"));
        } catch (S3Exception e) {
            // HEAD responses have no body, so a missing key or bucket arrives as a bare 404.
            if (e.status() == 404) {
                throw new MissingObjectException(uri, e);
            }
            throw e;
        }
    }
}
