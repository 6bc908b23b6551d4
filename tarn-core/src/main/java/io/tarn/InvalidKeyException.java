package io.tarn;

/** A key given from outside is not a digest of the lake's algorithm. Nothing was read or written. */
public class InvalidKeyException extends TarnException {
    public InvalidKeyException(String message) {
        super(message);
    }
}
