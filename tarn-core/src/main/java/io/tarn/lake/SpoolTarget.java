package io.tarn.lake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The temporary file a large incoming value is written to, in the first of several spool folders where that works:
 * when creating or writing the file fails in one (the disk is full, read-only, gone), what was written so far is
 * copied from that file into a new one in the next folder, the old one is removed, and writing goes on there. The
 * incoming stream is still read once. Used by one thread at a time.
 */
final class SpoolTarget extends OutputStream {
    private final List<Path> folders;
    private final Spooled.Sink sink;
    private final List<String> failures = new ArrayList<>();
    private int next;
    private Path file;
    private OutputStream out;
    private long written;

    private SpoolTarget(List<Path> folders, Spooled.Sink sink) {
        this.folders = folders;
        this.sink = sink;
    }

    /** A new temporary file in the first of {@code folders} where one can be created. */
    static SpoolTarget open(List<Path> folders, Spooled.Sink sink) throws IOException {
        SpoolTarget target = new SpoolTarget(folders, sink);
        target.moveOn(null);
        return target;
    }

    /** The file written so far. */
    Path file() {
        return file;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (true) {
            try {
                out.write(bytes, offset, length);
                written += length;
                return;
            } catch (IOException e) {
                failOver(e);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        while (true) {
            try {
                out.flush();
                return;
            } catch (IOException e) {
                failOver(e);
            }
        }
    }

    /** Closes the file, keeping it: a failure to close (a delayed "no space") moves the value on too. */
    @Override
    public void close() throws IOException {
        while (out != null) {
            OutputStream closing = out;
            try {
                closing.close();
                out = null;
            } catch (IOException e) {
                failOver(e);
            }
        }
    }

    /** Closes and removes the file (the value was refused or the reading failed). */
    void discard() throws IOException {
        OutputStream closing = out;
        out = null;
        try {
            if (closing != null) {
                closing.close();
            }
        } catch (IOException ignored) {
            // the file goes anyway
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void failOver(IOException cause) throws IOException {
        failures.add(file.getParent() + ": " + reason(cause));
        Path failed = file;
        try {
            out.close();
        } catch (IOException ignored) {
            // the same failure again
        }
        try {
            moveOn(failed);
        } finally {
            Files.deleteIfExists(failed);
        }
    }

    /**
     * Opens a file in the next folder that takes one, with the first {@code written} bytes of {@code previous}.
     *
     * @throws SpoolException naming every folder tried and why it failed, when none is left
     */
    private void moveOn(Path previous) throws IOException {
        while (next < folders.size()) {
            Path folder = folders.get(next++);
            Path candidate = null;
            OutputStream opened = null;
            try {
                Files.createDirectories(folder);
                candidate = Files.createTempFile(folder, "spool-", ".part");
                opened = sink.open(candidate);
                if (previous != null) {
                    try (InputStream in = Files.newInputStream(previous)) {
                        long copied = in.transferTo(new Bounded(opened, written));
                        if (copied < written) {
                            throw new IOException("only " + copied + " of " + written + " bytes could be read back from "
                                                  + previous);
                        }
                    }
                }
                file = candidate;
                out = opened;
                return;
            } catch (IOException e) {
                failures.add(folder + ": " + reason(e));
                if (opened != null) {
                    try {
                        opened.close();
                    } catch (IOException ignored) {
                        // reported above
                    }
                }
                if (candidate != null) {
                    Files.deleteIfExists(candidate);
                }
            }
        }
        throw noRoom(folders, failures);
    }

    /** The failure when every folder failed; {@code failures} says for each why. */
    static SpoolException noRoom(List<Path> folders, List<String> failures) {
        return new SpoolException("Could not write the value to " + (folders.size() == 1 ? "its spool folder " : "any of its "
                                  + folders.size() + " spool folders ") + "(" + String.join("; ", failures) + ")");
    }

    /** What went wrong, in the operating system's words where it gave some. */
    static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** Writes at most {@code limit} bytes through, dropping the rest: what was written before a failure, no more. */
    private static final class Bounded extends OutputStream {
        private final OutputStream out;
        private long left;

        Bounded(OutputStream out, long limit) {
            this.out = out;
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            if (left > 0) {
                out.write(b);
                left--;
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            int n = (int) Math.min(length, left);
            if (n > 0) {
                out.write(bytes, offset, n);
                left -= n;
            }
        }
    }

    /** No spool folder could hold the value: the message names each folder tried and why it failed. */
    static final class SpoolException extends IOException {
        SpoolException(String message) {
            super(message);
        }
    }
}
