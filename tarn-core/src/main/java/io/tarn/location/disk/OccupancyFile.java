package io.tarn.location.disk;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tarn.location.Locker;
import io.tarn.location.Occupancy;

/**
 * A disk lake's {@link Occupancy} when it is a bounded level: four little-endian 64-bit counts in the file
 * {@code tools/occupancy}, mapped into memory by every process that evicts from the lake and changed with atomic
 * instructions, so that the processes of one machine count together at no system call per copy; the batch lock and
 * the reservations' lock are bytes of the lake's {@link UseLocks} file past the keys' ({@link UseLocks#BATCH}), which
 * the kernel drops when a process dies. A process killed mid-copy leaves its reservation counted until a batch finds no
 * copy under way and sets the reserved counts to zero; one killed between storing a value and counting it leaves the
 * count short until the next batch walks the level. Processes of other machines (a lake on NFS) do not share the
 * mapping: their counts are corrected by the batches' walks only. A lake where the file cannot be made or mapped counts
 * in this process alone, and says so once.
 */
final class OccupancyFile implements Occupancy {
    private static final Logger LOG = LoggerFactory.getLogger(OccupancyFile.class);
    static final String FILE = "tools/occupancy";
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final MappedByteBuffer counts;
    private final UseLocks uses;
    private final String name;
    /** What the reservations' lock is, should a wait for it time out. */
    private final String reservations;

    private OccupancyFile(MappedByteBuffer counts, UseLocks uses, String name) {
        this.counts = counts;
        this.uses = uses;
        this.name = name;
        this.reservations = "The reservations of copies into the bounded level counted in " + name;
    }

    /** The shared counts of the lake at {@code root}, or this process's own when the file cannot be had. */
    static Occupancy open(Path root, LakeFolders folders, UseLocks uses) {
        Path path = root.resolve(FILE);
        try {
            try {
                folders.createToolFile(path).close();
            } catch (FileAlreadyExistsException e) {
                // made by another process, or an earlier run
            }
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                // a new file is extended with zeros, by every process that maps it first at once alike
                MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0,
                        (long) Count.values().length * Long.BYTES);
                return new OccupancyFile(mapped, uses, path.toString());
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Could not share the counts of the bounded level at {} with other processes through {} ({}): this"
                     + " process counts alone, so other processes' copies into the level show only when its batches"
                     + " walk it", root, path, Refusal.reason(e));
            return Occupancy.inProcess();
        }
    }

    @Override
    public long get(Count count) {
        return (long) LONGS.getVolatile(counts, count.ordinal() * Long.BYTES);
    }

    @Override
    public long add(Count count, long delta) {
        return (long) LONGS.getAndAdd(counts, count.ordinal() * Long.BYTES, delta) + delta;
    }

    @Override
    public Optional<Locker.Held> tryBatch() {
        return uses.tryAlone(UseLocks.BATCH);
    }

    @Override
    public Locker.Held reserving() {
        return uses.shared(UseLocks.RESERVATIONS, reservations);
    }

    @Override
    public Optional<Locker.Held> tryNoReservations() {
        return uses.tryAlone(UseLocks.RESERVATIONS);
    }

    @Override
    public String toString() {
        return name;
    }
}
