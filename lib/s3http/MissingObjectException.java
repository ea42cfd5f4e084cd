package s3http;

import s3.S3Uri;

/** The object (or its bucket) does not exist, which no retry will change. */
public final class MissingObjectException extends RuntimeException {
    public MissingObjectException(S3Uri uri, Throwable cause) {
        super("no such object: " + uri, cause);
    }
}
