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
              + " " + advice(reasons));
        this.key = key;
    }

    /** What to do about what the locations said: a permission problem is not solved by freeing space. */
    static String advice(java.util.List<String> reasons) {
        java.util.Set<String> advice = new java.util.LinkedHashSet<>();
        for (String reason : reasons) {
            String said = reason.toLowerCase(java.util.Locale.ROOT);
            if (said.contains("permission denied") || said.contains("operation not permitted")) {
                advice.add("give this user write permission on the folder named");
            } else if (said.contains("read-only")) {
                advice.add("make the location writable (a read-write mount)");
            } else if (said.contains("no space") || said.contains("quota") || said.contains("full")
                       || said.contains("capacity") || said.contains("limit")) {
                advice.add("free space");
            } else {
                advice.add("fix what the location said");
            }
        }
        if (advice.isEmpty()) {
            advice.add("free space");
        }
        String first = String.join(", ", advice);
        return Character.toUpperCase(first.charAt(0)) + first.substring(1) + ", or add a writable location.";
    }

    public Key getKey() {
        return key;
    }
}
