package io.tarn.location.disk;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.tarn.format.DiskConfig;
import io.tarn.format.LakeFormat;
import io.tarn.format.Sizes;

/**
 * The limits of a disk lake, {@code free_disk_size} and {@code max_size} of its config.yml: says why a value would not
 * fit, so that the lake declines it (and Fanout moves on). The bytes a lake holds are measured once by walking it,
 * then kept up to date by this process's writes and deletes.
 */
final class DiskQuota {
    private final DiskConfig config;
    private final LakeFormat format;
    private final Path root;
    /** null when the root's file store could not be read: the lake is read-only then. */
    private final FileStore store;
    private final AtomicLong used = new AtomicLong(-1);

    DiskQuota(Path root, LakeFormat format, FileStore store) {
        this.root = root;
        this.format = format;
        this.config = format.config();
        this.store = store;
    }

    /** Why a value of {@code size} bytes would not fit under {@code free_disk_size} or {@code max_size}, if it would not. */
    Optional<String> full(long size) throws IOException {
        if (config.freeDiskSize() > 0 && store.getUsableSpace() - size < config.freeDiskSize()) {
            return Optional.of("full: storing " + size + " bytes would leave less than its free_disk_size of "
                               + Sizes.format(config.freeDiskSize()) + " free");
        }
        if (config.maxSize() != null && usedBytes() + size > config.maxSize()) {
            return Optional.of("full: storing " + size + " bytes would take it past its max_size of "
                               + Sizes.format(config.maxSize()));
        }
        return Optional.empty();
    }

    /** Bytes held by the lake: measured once by walking it, then kept up to date by this process's writes. */
    long usedBytes() {
        long value = used.get();
        if (value < 0) {
            try (Stream<KeyWalk.Found> entries = new KeyWalk(root, format.layout(), format.algorithm()).entries()) {
                value = entries.filter(KeyWalk.Found::value).mapToLong(found -> sizeOf(found.stored())).sum();
            }
            used.compareAndSet(-1, value);
            value = used.get();
        }
        return value;
    }

    /** A value of {@code bytes} was stored ({@code > 0}) or deleted ({@code < 0}). */
    void changed(long bytes) {
        if (used.get() >= 0) {
            used.addAndGet(bytes);
        }
    }

    /** The size of a stored file, not following links; 0 when it cannot be read. */
    static long sizeOf(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
        } catch (IOException e) {
            return 0;
        }
    }
}
