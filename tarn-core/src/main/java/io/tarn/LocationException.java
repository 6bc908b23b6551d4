package io.tarn;

/** A location failed while doing I/O (disk error, permission denied, server error with failFast). */
public class LocationException extends TarnException {
    public LocationException(String message, Throwable cause) {
        super(message, cause);
    }
}
