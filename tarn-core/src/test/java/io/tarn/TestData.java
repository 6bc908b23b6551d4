package io.tarn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/** Shared helpers for the core tests: digests, deterministic values, file-tree inspection. */
public final class TestData {
    private TestData() {
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest("SHA-256", bytes));
    }

    public static byte[] digest(String jcaName, byte[] bytes) {
        try {
            return MessageDigest.getInstance(jcaName).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Key sha256Key(byte[] bytes) {
        return Key.parse(sha256Hex(bytes), HashAlgorithm.SHA256);
    }

    public static String sha256Hex(Path file) {
        try {
            return sha256Hex(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deterministic pseudo-random bytes. */
    public static byte[] bytes(int size, long seed) {
        byte[] out = new byte[size];
        new Random(seed).nextBytes(out);
        return out;
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The fixture generator of the 3 MiB value: concat(sha256(b'tarn-fixture-v1' + i as 8-byte big-endian)) cut to
     * {@code size} bytes.
     */
    public static byte[] sha256Ctr(int size) {
        byte[] prefix = "tarn-fixture-v1".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[size];
        int filled = 0;
        for (long i = 0; filled < size; i++) {
            byte[] block = ByteBuffer.allocate(prefix.length + 8).put(prefix).putLong(i).array();
            byte[] hash = digest("SHA-256", block);
            int n = Math.min(hash.length, size - filled);
            System.arraycopy(hash, 0, out, filled, n);
            filled += n;
        }
        return out;
    }

    public static byte[] readAll(Value value) {
        try (InputStream in = value.open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads and closes the value. */
    public static byte[] consume(Value value) {
        try (value) {
            return readAll(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every regular file below {@code dir} (relative, '/'-separated, sorted). */
    public static List<String> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> relative(dir, p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String relative(Path root, Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    public static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Set<PosixFilePermission> perms(String text) {
        return PosixFilePermissions.fromString(text);
    }

    /** Creates (if needed) a folder with exactly the given mode, e.g. "rwxr-xr-x". */
    public static Path folder(Path path, String mode) {
        try {
            Files.createDirectories(path);
            Files.setPosixFilePermissions(path, perms(mode));
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void setMtime(Path path, Instant instant) {
        try {
            Files.setLastModifiedTime(path, FileTime.from(instant));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A value whose length is unknown ({@code size() == -1}), re-readable. */
    /** Flips one byte of a stored file (mode 0444: made writable for the damage, then put back). */
    public static void flipByte(Path file, int position) throws IOException {
        var mode = Files.getPosixFilePermissions(file);
        file.toFile().setWritable(true);
        byte[] bytes = Files.readAllBytes(file);
        bytes[position % bytes.length] ^= 0x20;
        Files.write(file, bytes);
        Files.setPosixFilePermissions(file, mode);
    }

    /** The message of the {@link LocationSpecException} that building throws (a tree refused), or null when it builds. */
    public static String refusal(java.util.function.Supplier<?> build) {
        try {
            build.get();
            return null;
        } catch (LocationSpecException e) {
            return e.getMessage();
        }
    }

    public static Value unknownSize(byte[] bytes) {
        return new Value() {
            @Override
            public long size() {
                return -1;
            }

            @Override
            public InputStream open() {
                return new java.io.ByteArrayInputStream(bytes);
            }
        };
    }

    /**
     * The lakes Python tarn 0.14.0 wrote, with their manifest.json: {@code -Dtarn.fixtures=PATH}, else
     * shared/fixtures/tarn-py-lake beside the repository. Read-only: copy a lake ({@link #copyTree}) before writing.
     */
    public static Path pythonTarnFixtures() {
        List<Path> candidates = new ArrayList<>();
        String property = System.getProperty("tarn.fixtures");
        if (property != null && !property.isBlank()) {
            candidates.add(Path.of(property));
        }
        candidates.add(Path.of("../../shared/fixtures/tarn-py-lake"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve("manifest.json"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new AssertionError("The Python tarn fixtures (manifest.json) are not in " + candidates
                                 + ": set -Dtarn.fixtures=<path to shared/fixtures/tarn-py-lake>");
    }

    /** Copies a folder and everything below it; {@code to} must not exist yet. */
    public static Path copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a folder and what it holds; links are removed, never followed. */
    public static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
