package io.tarn.memo;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.tarn.CollisionException;
import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.Value;
import io.tarn.lake.Lake;
import io.tarn.location.Location;
import io.tarn.location.Locker;

/**
 * The memo index: memo key to {@link MemoEntry}, kept in a location of its own (Python tarn's
 * {@code PickleKeyStorage} keeps its index the same way). Unlike the lake, the index is not content-addressed: an
 * entry is stored under the memo key, which is the digest of the call (input, headers, code), not of the entry. The
 * Location SPI accepts that: it stores bytes under any key of the right length. What it still enforces is that a key
 * holds one value: writing a different entry under an existing memo key raises {@link CollisionException}. Entries
 * are canonical, so a deterministic computation always writes the same bytes; a non-deterministic one (two machines
 * computing the same call at once with different results) keeps the first entry, and both results stay valid.
 * <p>
 * Any location will do: a disk folder (the default: {@code tools/memo} inside the lake's first disk folder), or a
 * Redis or S3 location to share memoized results between machines.
 */
public final class MemoIndex {
    private final Location location;
    private final HashAlgorithm algorithm;

    /** At most this many entries are kept for {@link #lookup}; past it the table starts again empty. */
    private static final int KNOWN_MAX = 10_000;
    /** Entries this index read or stored for {@link #lookup}, by memo key. */
    private final Map<Key, MemoEntry> known = new ConcurrentHashMap<>();

    public MemoIndex(Location location) {
        this.location = location;
        this.algorithm = location.algorithm().orElse(HashAlgorithm.SHA256);
    }

    /** The default index of a lake: the lake its tree keeps beside its first disk folder for the memo. */
    public static MemoIndex besideLake(Lake lake) {
        return besideLake(lake, true);
    }

    /**
     * The default index of a lake, as {@link #besideLake(Lake)}: {@link Location#companion} {@code "memo"} of its tree
     * (a disk folder's {@code tools/memo}, made with Python tarn's default config: its entries go by reference
     * ({@link MemoSweep}), not by use, so no usage marks are kept for them).
     *
     * @param create whether a disk lake that its first write creates is created now, for a memo, which stores; else
     *               (gc) there must be one
     * @throws io.tarn.LakeNotFoundException if {@code create} is false and there is no lake yet
     */
    public static MemoIndex besideLake(Lake lake, boolean create) {
        Location index = lake.location().companion("memo", create).orElseThrow(() -> new IllegalArgumentException(
                "The lake " + lake + " has no disk folder to keep a memo index beside: give the memo an index location"
                + " (memoIndex=#bean)"));
        return new MemoIndex(index);
    }

    public HashAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * The entry under a memo key: read whole at once ({@link Location#readWhole}: on a disk index, a look, an open, a
     * read and a close, no lock) and parsed without a general parser when camel-tarn wrote it ({@link MemoEntry#parse}).
     *
     * @return empty when there is none, or what is there is not an entry
     */
    public Optional<MemoEntry> read(Key memoKey) {
        return readBytes(memoKey).map(bytes -> MemoEntry.parse(bytes, algorithm));
    }

    /**
     * The entry under a memo key, for a memo lookup: an entry this index read or stored before is used again for as
     * long as the index still holds the key ({@link Location#contains}: on a disk index two looks, where reading the
     * entry takes a look, an open, a read and a close), since whatever entry a memo key holds is a result of the call
     * the key names (its input, headers and code); else read as {@link #read}. A caller that finds the output of the
     * entry gone reads it again ({@link #readAgain}) before it drops it: the index may hold another entry by then.
     */
    public Optional<MemoEntry> lookup(Key memoKey) {
        MemoEntry entry = known.get(memoKey);
        if (entry != null) {
            if (location.contains(memoKey)) {
                return Optional.of(entry);
            }
            known.remove(memoKey, entry);
        }
        return readAgain(memoKey);
    }

    /** The entry under a memo key as the index holds it now ({@link #read}), used again by {@link #lookup} from now on. */
    public Optional<MemoEntry> readAgain(Key memoKey) {
        Optional<MemoEntry> read = read(memoKey);
        if (read.isPresent()) {
            remember(memoKey, read.get());
        } else {
            known.remove(memoKey);
        }
        return read;
    }

    private void remember(Key memoKey, MemoEntry entry) {
        if (known.size() >= KNOWN_MAX) {
            known.clear();
        }
        known.put(memoKey, entry);
    }

    /**
     * Stores the entry; when another entry is already stored under the key, keeps that one and returns it.
     *
     * @return the entry the index holds now, or empty when the location declined it
     */
    public Optional<MemoEntry> write(Key memoKey, MemoEntry entry) {
        try {
            Optional<Value> written = location.write(memoKey, Value.of(entry.toJson()), Set.of());
            written.ifPresent(Location::closeQuietly);
            written.ifPresent(v -> remember(memoKey, entry));
            return written.map(v -> entry);
        } catch (CollisionException e) {
            return readAgain(memoKey);
        }
    }

    /** The locks the index location shares with other processes, if it has a lock server. */
    public Optional<Locker> locker() {
        return location.locker();
    }

    /** The bytes stored under a key of the index (a step record of {@link StepHistory}), if any. */
    Optional<byte[]> readBytes(Key key) {
        return location.readWhole(key);
    }

    /** Stores bytes under a key; false when the location declined them or holds other bytes under it. */
    boolean writeBytes(Key key, byte[] bytes) {
        try {
            Optional<Value> written = location.write(key, Value.of(bytes), Set.of());
            written.ifPresent(Location::closeQuietly);
            return written.isPresent();
        } catch (CollisionException e) {
            return false;
        }
    }

    /** Drops an entry (e.g. one whose output has been evicted from the lake). */
    public boolean delete(Key memoKey) {
        known.remove(memoKey);
        return location.delete(memoKey);
    }

    /** The location the entries are kept in (gc walks it: {@link MemoSweep}). */
    Location location() {
        return location;
    }

    @Override
    public String toString() {
        return "memo index " + location;
    }
}
