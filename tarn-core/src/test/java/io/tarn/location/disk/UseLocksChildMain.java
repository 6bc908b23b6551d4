package io.tarn.location.disk;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.Value;
import io.tarn.location.Locker;

/**
 * The other process of {@link UseLocksTest}, on the lake in its first argument. Commands, one per line on standard
 * input, each answered by one line: {@code hold HEX} reads the key and keeps its value open ({@code held} or
 * {@code missing}); {@code release} closes it ({@code released}); {@code alone HEX} takes the key alone if nobody uses
 * it and keeps it ({@code alone} or {@code busy}); {@code readers SECONDS SEED} reads random keys of the lake for that
 * long, each value opened a little after it was handed out and hashed, and answers
 * {@code read N missing M unreadable U corrupt C}.
 */
public final class UseLocksChildMain {
    private UseLocksChildMain() {
    }

    public static void main(String[] args) throws Exception {
        DiskLocation disk = DiskLocation.open(Path.of(args[0]));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Value held = null;
        Locker.Held alone = null;
        System.out.println("ready");
        System.out.flush();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] words = line.split(" ");
            String answer = switch (words[0]) {
                case "hold" -> {
                    Optional<Value> value = disk.read(HashAlgorithm.SHA256.parseKey(words[1]));
                    held = value.orElse(null);
                    yield value.isPresent() ? "held" : "missing";
                }
                case "release" -> {
                    if (held != null) {
                        held.close();
                    }
                    if (alone != null) {
                        alone.close();
                    }
                    held = null;
                    alone = null;
                    yield "released";
                }
                case "alone" -> {
                    Optional<Locker.Held> taken = disk.uses().tryAlone(HashAlgorithm.SHA256.parseKey(words[1]));
                    alone = taken.orElse(null);
                    yield taken.isPresent() ? "alone" : "busy";
                }
                case "readers" -> readers(disk, Long.parseLong(words[1]), Long.parseLong(words[2]));
                default -> "unknown command " + line;
            };
            System.out.println(answer);
            System.out.flush();
        }
    }

    /** Reads random keys for {@code seconds}; a value handed out is opened after a pause and must hash to its key. */
    private static String readers(DiskLocation disk, long seconds, long seed) throws Exception {
        List<Key> keys;
        try (Stream<Key> stored = disk.keys(null)) {
            keys = stored.toList();
        }
        Random random = new Random(seed);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        int read = 0;
        int missing = 0;
        int unreadable = 0;
        int corrupt = 0;
        while (System.nanoTime() < end) {
            Key key = keys.get(random.nextInt(keys.size()));
            Optional<Value> found = disk.read(key);
            if (found.isEmpty()) {
                missing++;
                continue;
            }
            try (Value value = found.get()) {
                Thread.sleep(random.nextInt(3));
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                try (InputStream stream = value.open()) {
                    digest.update(stream.readAllBytes());
                }
                if (!HexFormat.of().formatHex(digest.digest()).equals(key.hex())) {
                    corrupt++;
                }
                read++;
            } catch (java.io.IOException e) {
                unreadable++;
            }
        }
        return "read " + read + " missing " + missing + " unreadable " + unreadable + " corrupt " + corrupt;
    }
}
