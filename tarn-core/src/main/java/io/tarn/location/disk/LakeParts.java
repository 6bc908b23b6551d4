package io.tarn.location.disk;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

import io.tarn.format.DiskConfig;
import io.tarn.format.KeyLayout;
import io.tarn.format.LakeFormat;
import io.tarn.location.FailureLog;
import io.tarn.location.Locker;

/**
 * What a {@link DiskLocation} is made of, opened in its folder: its value files, quota, usage marks and labels, change
 * journal, locks, and why it takes no writes when it does not (a root that cannot be read, a read-only file system,
 * folders that cannot be made: {@link DiskOpening}).
 */
final class LakeParts {
    final LakeFormat format;
    final KeyLayout layout;
    final Path tmp;
    final ValueFiles files;
    /** Why this lake takes no writes (its folders could not be made, its file system is read-only), or null. */
    final String readOnly;
    /** Its folders and how entries are made in them; null when the root could not be read (read-only). */
    final LakeFolders folders;
    final Tools tools;
    final DiskQuota quota;
    final TemporaryFiles temporary;
    /** camel-tarn's change journal (written once a consumer made it); null when the root could not be read. */
    final Journal journal;
    /** The lake's RedisLocker, or {@link Locker#NONE}. */
    final Locker shared;
    /** What orders uses of a key against its removal by gc or eviction, in every process ({@link UseLocks}). */
    final UseLocks uses;
    /** What stores and removes values under the keys' locks. */
    final KeyChanges changes;
    /** What reads values and marks them used under the keys' locks. */
    final KeyReads reads;

    /** Opens the parts of the lake {@code owner} in {@code root}, choosing read-only when it cannot take writes. */
    LakeParts(DiskLocation owner, Path root, DiskConfig config, String readOnlyReason) {
        this.format = LakeFormat.of(config);
        this.layout = format.layout();
        this.tmp = root.resolve(".tmp");
        this.shared = config.locker() == null ? Locker.NONE : Lockers.open(config.locker(), "the disk lake at " + root);
        KeyLocks locks = new KeyLocks(shared);
        this.temporary = new TemporaryFiles(root, tmp);
        String reason = readOnlyReason;
        LakeFolders lakeFolders = null;
        FileStore rootStore = null;
        try {
            rootStore = Files.getFileStore(root);
            lakeFolders = new LakeFolders(root, new FailureLog("Reading from " + owner,
                    "foreign entries are passed over as misses; verify reports them"));
        } catch (IOException | UnsupportedOperationException e) {
            reason = reason != null ? reason : "cannot read the folder " + root + ": " + Refusal.reason(e);
        }
        this.quota = new DiskQuota(root, format, rootStore);
        this.folders = lakeFolders;
        this.files = new ValueFiles(root, format, lakeFolders);
        WriteProtocol protocol = lakeFolders == null ? null : new WriteProtocol(root, tmp, lakeFolders, files, quota);
        this.tools = lakeFolders == null ? null : new Tools(root, config, lakeFolders, tmp,
                new FailureLog("Updating usage marks in " + owner, "reads and writes go on without them"));
        this.journal = lakeFolders == null ? null : new Journal(root, lakeFolders, format.algorithm(), new FailureLog(
                "Appending to the change journal of " + owner, "consumers find the values by their full scan"));
        reason = DiskOpening.readOnlyReason(root, reason, rootStore, folders, tmp, tools);
        this.readOnly = reason;
        this.uses = UseLocks.open(owner, root, lakeFolders, reason == null && lakeFolders != null);
        this.changes = new KeyChanges(owner, reason, files, protocol, quota, tools, journal, locks, uses);
        this.reads = new KeyReads(files, uses, shared, changes);
    }
}
