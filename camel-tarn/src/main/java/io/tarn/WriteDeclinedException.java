package io.tarn;

/** No location of the lake accepted the value (all read-only, full, too small or unreachable). */
public class WriteDeclinedException extends TarnException {
    private final Key key;

    public WriteDeclinedException(Key key, String where) {
        super("No location accepted the value with key " + key.hex() + " in " + where
              + ": every writable location declined it (read-only, full, over its size limit or unreachable)."
              + " Free space or add a writable location.");
        this.key = key;
    }

    public Key getKey() {
        return key;
    }
}
