package io.tarn;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

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
            MessageDigest expected = MessageDigest.getInstance("SHA-256");
            InputStream in = new InputStream() {
                private long position;

                @Override
                public int read() {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (position == size) {
                        return -1;
                    }
                    int n = (int) Math.min(len, size - position);
                    for (int i = 0; i < n; i++) {
                        long p = position + i;
                        b[off + i] = (byte) (p * 31 + (p >>> 13));
                    }
                    expected.update(b, off, n);
                    position += n;
                    return n;
                }
            };
            Lake lake = Lake.open(root);
            Key key = lake.write(in);
            String want = HexFormat.of().formatHex(expected.digest());
            check(key.hex().equals(want), "key " + key + " != " + want);
            MessageDigest back = MessageDigest.getInstance("SHA-256");
            long read = 0;
            try (Value value = lake.get(key); InputStream stored = value.open()) {
                check(value.size() == size, "stored size " + value.size() + " != " + size);
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = stored.read(buffer)) >= 0) {
                    back.update(buffer, 0, n);
                    read += n;
                }
            }
            check(read == size, "read back " + read + " bytes");
            check(HexFormat.of().formatHex(back.digest()).equals(want), "read-back digest differs");
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
