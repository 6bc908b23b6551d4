package io.tarn.reliability;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.lake.Lake;

/**
 * The child of {@link CrashTest}: ingests random values into a disk lake until it is killed. After each write has
 * returned, the key is appended to the acknowledgement file in one write call, before the next value starts: a key
 * in that file is one the lake has acknowledged. Prints "writing" once the lake is open.
 * <p>
 * Arguments: lake root, acknowledgement file, seed.
 */
public final class CrashingWriterMain {
    private CrashingWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Lake lake = Lake.open(Path.of(args[0]));
        Random random = new Random(Long.parseLong(args[2]));
        try (OutputStream acks = new FileOutputStream(args[1], true)) {
            System.out.println("writing");
            System.out.flush();
            while (true) {
                // a third above the 64 KiB memory limit: spooled to .tmp/ and linked into place
                int size = random.nextInt(3) == 0 ? 65_537 + random.nextInt(400_000) : 1 + random.nextInt(20_000);
                byte[] bytes = TestData.bytes(size, random.nextLong());
                Key key = lake.write(bytes);
                if (!key.hex().equals(TestData.sha256Hex(bytes))) {
                    throw new AssertionError("wrong key " + key);
                }
                acks.write((key.hex() + "\n").getBytes(StandardCharsets.US_ASCII));
                acks.flush();
            }
        }
    }
}
