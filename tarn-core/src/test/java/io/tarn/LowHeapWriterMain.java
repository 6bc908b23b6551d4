package io.tarn;

import java.nio.file.Files;
import java.nio.file.Path;

import io.tarn.lake.Lake;
import io.tarn.location.GeneratedValue;

/**
 * A child process of {@link LakeTest}: run with a small heap, it writes a generated value several times larger than
 * the heap into a lake and reads it back, both streamed. Exit code 0 = the key, size and read-back digest match.
 * <p>
 * Arguments: lake root, value size in bytes.
 */
public final class LowHeapWriterMain {
    private LowHeapWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            Path root = Path.of(args[0]);
            long size = Long.parseLong(args[1]);
            // streamed block by block: neither the writer nor this check ever holds the value
            GeneratedValue value = new GeneratedValue(size, 42);
            Key want = value.key();
            Lake lake = Lake.open(root);
            Key key = lake.write(value.open());
            check(key.equals(want), "key " + key + " != " + want);
            try (Value stored = lake.get(key)) {
                check(stored.size() == size, "stored size " + stored.size() + " != " + size);
                check(GeneratedValue.digest(stored).equals(want), "read-back digest differs");
            }
            try (var tmp = Files.list(root.resolve(".tmp"))) {
                check(tmp.findAny().isEmpty(), ".tmp is not empty");
            }
            System.out.println("stored " + size + " bytes as " + key + " with max heap "
                               + Runtime.getRuntime().maxMemory());
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
