package io.tarn;

/** A location specification or a config.yml is malformed; the message gives the position and what was expected. */
public class LocationSpecException extends TarnException {
    public LocationSpecException(String message) {
        super(message);
    }

    public LocationSpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
