package io.tarn;

/** A stored value does not hash to its key and no intact copy could be found. */
public class CorruptionException extends TarnException {
    private final Key key;

    public CorruptionException(Key key, String message) {
        super(message);
        this.key = key;
    }

    public Key getKey() {
        return key;
    }
}
