package io.tarn.camel;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

import io.tarn.HashAlgorithm;
import io.tarn.InvalidKeyException;
import io.tarn.Key;
import io.tarn.LocationException;

/**
 * The durable position of a tarn consumer: the keys it has handed on, one hex key a line in an append-only file.
 * A key is recorded once its exchange is done, so a restart neither repeats it nor loses a key that was never
 * processed. A torn last line (a crash while appending) is ignored on load.
 */
final class ConsumedKeys implements Closeable {
    private final Path file;
    private final Set<Key> keys = new HashSet<>();
    private final FileChannel out;

    ConsumedKeys(Path file, HashAlgorithm algorithm) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file)) {
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        try {
                            keys.add(algorithm.parseKey(line.trim()));
                        } catch (InvalidKeyException e) {
                            // a line torn by a crash: that key was not acknowledged
                        }
                    }
                }
            }
            out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            // start a fresh line after a torn one
            if (out.size() > 0 && !endsWithNewline()) {
                out.write(ByteBuffer.wrap(new byte[] {'\n'}));
            }
        } catch (IOException e) {
            throw new LocationException("Cannot open the consumer position file " + file + ": " + e, e);
        }
    }

    private boolean endsWithNewline() throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            in.read(last, in.size() - 1);
            return last.get(0) == '\n';
        }
    }

    boolean contains(Key key) {
        return keys.contains(key);
    }

    void add(Key key) {
        try {
            out.write(ByteBuffer.wrap((key.hex() + "\n").getBytes(StandardCharsets.US_ASCII)));
            keys.add(key);
        } catch (IOException e) {
            throw new LocationException("Cannot record key " + key.hex() + " in the consumer position file " + file + ": " + e, e);
        }
    }

    /** Makes what was recorded survive a crash of the machine. */
    void sync() {
        try {
            out.force(false);
        } catch (IOException e) {
            throw new LocationException("Cannot sync the consumer position file " + file + ": " + e, e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
