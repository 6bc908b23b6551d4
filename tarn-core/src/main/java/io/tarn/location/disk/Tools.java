package io.tarn.location.disk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.tarn.BoundedRead;
import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.format.DiskConfig;
import io.tarn.format.JsonLabels;
import io.tarn.location.FailureLog;
import io.tarn.location.disk.NoFollow.Kind;

/**
 * tarn's {@code tools/} folder of a disk lake: the usage marks of {@code StatUsage} (an empty file per key, whose
 * modification time is the last use) and the labels of {@code JsonLabels} (a JSON list per key), both at levels
 * [1, rest]. Neither is ever reached through a link: a mark is touched without following one and created exclusively,
 * a labels file is replaced by a rename, never written through; a link found there is passed over.
 */
final class Tools {
    /** A labels file is a short JSON list; a larger one is refused unread. */
    private static final int MAX_LABELS_BYTES = 1 << 20;

    private final DiskConfig config;
    private final LakeFolders folders;
    private final Path tmp;
    private final Path usageRoot;
    private final Path labelsRoot;
    private final FailureLog usageFailures;
    /** Whether usage marks are kept although config.yml names no StatUsage (a bounded cache level asks for them). */
    private volatile boolean marking;

    Tools(Path root, DiskConfig config, LakeFolders folders, Path tmp, FailureLog usageFailures) {
        this.config = config;
        this.folders = folders;
        this.tmp = tmp;
        this.usageRoot = root.resolve("tools/usage");
        this.labelsRoot = root.resolve("tools/labels");
        this.usageFailures = usageFailures;
    }

    /**
     * The folder of a lake a tool keeps beside the lake in {@code root} ({@code tools/memo}: the memo index).
     *
     * @throws IllegalArgumentException if the tool's name is not a plain folder name, or one tarn's own tools use
     */
    static Path companionFolder(Path root, String tool) {
        if (tool == null || !tool.matches("[a-z][a-z0-9_-]*") || tool.equals("usage") || tool.equals("labels")) {
            throw new IllegalArgumentException("A tool's lake beside the disk lake at " + root + " is named by a plain"
                                               + " folder name other than usage and labels (such as memo), not '"
                                               + tool + "'");
        }
        return root.resolve("tools").resolve(tool);
    }

    /** The folders tarn makes on open, whether or not the lake keeps usage and labels. */
    Set<Path> roots() {
        return Set.of(usageRoot, labelsRoot);
    }

    /**
     * Sets the key's usage mark to now: an existing mark gets its own time set, a new one is created exclusively (a
     * link planted there makes that fail). Best effort: a failure is logged once per outage.
     */
    void touch(Key key) {
        mark(key, false);
    }

    /**
     * Marks a value this process has just stored: its mark is created at once (a new value has none; one left there,
     * by a removal killed between the value and its mark, gets its time set). Best effort, as {@link #touch}.
     */
    void markStored(Key key) {
        mark(key, true);
    }

    /** Sets the mark's time, or creates it; {@code createFirst}: tries creating it first (it is most likely missing). */
    private void mark(Key key, boolean createFirst) {
        if (!keepsUsage()) {
            return;
        }
        Path mark = usageMark(key);
        try {
            if (createFirst) {
                try {
                    create(mark);
                } catch (FileAlreadyExistsException e) {
                    NoFollow.touch(mark, FileTime.from(Instant.now()));
                }
            } else {
                try {
                    NoFollow.touch(mark, FileTime.from(Instant.now()));
                } catch (NoSuchFileException e) {
                    create(mark);
                }
            }
            usageFailures.worked();
        } catch (FileAlreadyExistsException e) {
            // another process made it just now: it is as new as this touch
            usageFailures.worked();
        } catch (IOException | UnsupportedOperationException e) {
            usageFailures.failed(mark.toString(), e);
        }
    }

    private void create(Path mark) throws IOException {
        folders.ensure(mark.getParent());
        try {
            folders.createToolFile(mark).close();
        } catch (NoSuchFileException gone) {
            // its folder was removed since it was made: make it again
            folders.forget(mark.getParent());
            folders.ensure(mark.getParent());
            folders.createToolFile(mark).close();
        }
    }

    Optional<Instant> lastUsed(Key key) {
        if (!keepsUsage()) {
            return Optional.empty();
        }
        try {
            BasicFileAttributes mark = Files.readAttributes(usageMark(key), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return mark.isRegularFile() ? Optional.of(mark.lastModifiedTime().toInstant()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The key's labels; a labels file that is a link gives none (logged). */
    Set<String> labels(Key key) {
        if (!config.keepsLabels()) {
            return Set.of();
        }
        Path file = labelsFile(key);
        try {
            return readLabels(file);
        } catch (IOException e) {
            throw new LocationException("Cannot read the labels of key " + key.hex() + " at " + file + ": "
                                        + Refusal.reason(e), e);
        }
    }

    private Set<String> readLabels(Path file) throws IOException {
        Kind kind = NoFollow.kind(file);
        if (kind != Kind.FILE || !folders.trusted(file.getParent(), true)) {
            folders.foreign(file, kind);
            return Set.of();
        }
        byte[] text;
        try (InputStream in = NoFollow.open(file)) {
            text = BoundedRead.small(in, MAX_LABELS_BYTES);
        } catch (NoSuchFileException e) {
            return Set.of();
        }
        if (text == null) {
            throw new LocationException("The labels file " + file + " is over " + MAX_LABELS_BYTES
                                        + " bytes, not a tarn labels list: delete it", null);
        }
        return JsonLabels.parse(new String(text, StandardCharsets.UTF_8), file);
    }

    /**
     * Adds labels to the key's labels file: the merged list is written to a new file in {@code .tmp/} and renamed over
     * the old one, so that a link planted there is replaced, never written through.
     */
    void addLabels(Key key, Set<String> labels) throws IOException {
        if (labels == null || labels.isEmpty() || !config.keepsLabels()) {
            return;
        }
        Path file = labelsFile(key);
        folders.ensure(file.getParent());
        Set<String> all = new TreeSet<>(labels);
        all.addAll(readLabels(file));
        Path part = tmp.resolve("labels-" + key.hex() + TemporaryFiles.suffix());
        try {
            try (OutputStream out = folders.createToolFile(part)) {
                out.write(JsonLabels.format(all).getBytes(StandardCharsets.UTF_8));
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Removes the key's usage mark and labels (a link there is removed as a link). */
    void delete(Key key) throws IOException {
        if (keepsUsage()) {
            Files.deleteIfExists(usageMark(key));
        }
        if (config.keepsLabels()) {
            Files.deleteIfExists(labelsFile(key));
        }
    }

    /** Keeps usage marks from now on, in tarn's format, whatever config.yml says (see {@link DiskUsage}). */
    void keepUsage() {
        marking = true;
    }

    boolean keepsUsage() {
        return marking || config.keepsUsage();
    }

    private Path usageMark(Key key) {
        return usageRoot.resolve(key.hex().substring(0, 2)).resolve(key.hex().substring(2));
    }

    private Path labelsFile(Key key) {
        return labelsRoot.resolve(key.hex().substring(0, 2)).resolve(key.hex().substring(2) + ".json");
    }
}
