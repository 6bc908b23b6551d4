package io.tarn;

/** No location of the lake accepted the value (all read-only, full, too small or unreachable). */
public class WriteDeclinedException extends TarnException {
    private final Key key;

    public WriteDeclinedException(Key key, String where) {
        this(key, where, java.util.List.of());
    }

    /** @param reasons what the locations that declined said, e.g. "disk:/mnt/ssd: no space left on device" */
    public WriteDeclinedException(Key key, String where, java.util.List<String> reasons) {
        super("No location accepted the value with key " + key.hex() + " in " + where
              + (reasons.isEmpty() ? ": every writable location declined it (read-only, full, over its size limit or"
                                     + " unreachable)." : ": " + String.join("; ", reasons) + ".")
              + " Free space or add a writable location.");
        this.key = key;
    }

    public Key getKey() {
        return key;
    }
}
