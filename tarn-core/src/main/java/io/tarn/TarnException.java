package io.tarn;

/**
 * Root of camel-tarn's exceptions. Every subclass names the key, the location or the option
 * concerned and says what to do next.
 */
public class TarnException extends RuntimeException {
    public TarnException(String message) {
        super(message);
    }

    public TarnException(String message, Throwable cause) {
        super(message, cause);
    }
}
