package io.tarn.location;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * Counts the values of a flat disk lake ({@code levels: [-1]}: every value a file of its root) every 2 ms on a thread
 * of its own, until stopped. One directory read of a small folder is one {@code getdents} call, made under the
 * folder's lock that creating and removing a name take: each sample is the folder at one instant, which no walk of a
 * lake with subfolders gives.
 */
final class LevelSampler implements AutoCloseable {
    private static final Pattern VALUE = Pattern.compile("[0-9a-f]{64}");

    private final Path root;
    private final List<Integer> samples = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean stopped;
    private volatile RuntimeException failure;

    LevelSampler(Path root) {
        this.root = root;
        this.thread = new Thread(this::sample, "level-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        try {
            while (!stopped) {
                samples.add(count());
                LockSupport.parkNanos(2_000_000);
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private int count() {
        int count = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                if (VALUE.matcher(entry.getFileName().toString()).matches()) {
                    count++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count;
    }

    /** Stops sampling; the values counted at each sample, in order. */
    List<Integer> stop() throws InterruptedException {
        stopped = true;
        thread.join();
        if (failure != null) {
            throw failure;
        }
        return List.copyOf(samples);
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join();
    }

    /** The median, the most, and how many samples in a row were above {@code above}, at most: for messages. */
    static String summary(List<Integer> samples, int above) {
        List<Integer> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int run = 0;
        int longest = 0;
        for (int sample : samples) {
            run = sample > above ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return samples.size() + " samples: median " + sorted.get(sorted.size() / 2) + ", most "
               + sorted.get(sorted.size() - 1) + ", above " + above + " for up to " + longest + " samples in a row";
    }
}
