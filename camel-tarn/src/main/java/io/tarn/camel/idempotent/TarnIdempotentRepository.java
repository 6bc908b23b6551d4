package io.tarn.camel.idempotent;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.Configurer;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.Metadata;
import org.apache.camel.support.service.ServiceSupport;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.Value;
import io.tarn.lake.Folders;
import io.tarn.location.Entry;
import io.tarn.location.Location;

/**
 * Camel's {@link IdempotentRepository} on any location: the seen message ids are durable, and shared by every
 * process that sees the location (a disk folder, or Redis or S3 to share between machines).
 * <p>
 * Each id is stored content-addressed like any value: the bytes {@code "tarn-idempotent:" + id} (UTF-8) under their
 * own digest, so the repository can even share a lake with other data; {@link #clear()} deletes only its own entries.
 * {@link #add} is atomic within one JVM (per-id locks); between machines two concurrent adds of one new id may both
 * return true, as with Camel's file-based repository.
 * <p>
 * As a bean: {@code location} (a location spec or a Location bean) or {@code root} (a disk folder). Over JMX: the
 * location as an attribute, add/contains/remove/clear as operations.
 */
@Metadata(label = "bean",
          description = "Idempotent repository that keeps the seen message ids in a tarn location (a disk folder, or"
                        + " Redis, S3, SFTP... to share them between machines): durable, and shared by every process that"
                        + " sees the location.",
          annotations = { "interfaceName=org.apache.camel.spi.IdempotentRepository" })
@Configurer(metadataOnly = true)
@ManagedResource(description = "Tarn idempotent repository: message ids kept in a tarn location")
public class TarnIdempotentRepository extends ServiceSupport implements IdempotentRepository {
    private static final String PREFIX = "tarn-idempotent:";
    private static final int STRIPES = 64;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    @Metadata(description = "The location that keeps the ids: a location spec (levels(/mnt/ssd/seen, s3:bucket?...))"
                            + " or a reference to a bean of type io.tarn.location.Location (#seen). Takes precedence"
                            + " over root.")
    private Location location;
    @Metadata(description = "The folder of a disk lake (Python tarn's format) that keeps the ids, when no location is"
                            + " given.")
    private String root;
    private HashAlgorithm algorithm = HashAlgorithm.SHA256;

    public TarnIdempotentRepository() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    public TarnIdempotentRepository(Location location) {
        this();
        setLocation(location);
    }

    public Location getLocation() {
        return location;
    }

    public void setLocation(Location location) {
        this.location = location;
        this.algorithm = location.algorithm().orElse(HashAlgorithm.SHA256);
    }

    @ManagedAttribute(description = "The location that keeps the ids, as a location spec")
    public String getLocationSpec() {
        return String.valueOf(location != null ? location : root);
    }

    @ManagedAttribute(description = "The folder of the disk lake that keeps the ids, when no location was given")
    public String getRoot() {
        return root;
    }

    /** A disk folder (Python tarn's format), used when no location is given. */
    public void setRoot(String root) {
        this.root = root;
    }

    @Override
    protected void doStart() throws Exception {
        if (location == null) {
            if (root == null || root.isBlank()) {
                throw new IllegalArgumentException("TarnIdempotentRepository needs a location (a Location bean) or a root"
                                                   + " folder");
            }
            setLocation(Folders.open(Path.of(root)));
        }
    }

    private Location location() {
        if (location == null) {
            start();
        }
        return location;
    }

    private byte[] marker(String id) {
        return (PREFIX + id).getBytes(StandardCharsets.UTF_8);
    }

    private Key keyOf(String id) {
        return algorithm.digest(marker(id));
    }

    @Override
    @ManagedOperation(description = "Adds the id; false when it was there already")
    public boolean add(String id) {
        Key key = keyOf(id);
        ReentrantLock lock = locks[Math.floorMod(key.hashCode(), STRIPES)];
        lock.lock();
        try {
            if (location().contains(key)) {
                return false;
            }
            Optional<Value> written = location().write(key, Value.of(marker(id)), Set.of());
            if (written.isEmpty()) {
                throw new io.tarn.WriteDeclinedException(key, location().toString());
            }
            Location.closeQuietly(written.get());
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    @ManagedOperation(description = "Whether the id is there")
    public boolean contains(String id) {
        return location().contains(keyOf(id));
    }

    @Override
    @ManagedOperation(description = "Removes the id; false when it was not there")
    public boolean remove(String id) {
        return location().delete(keyOf(id));
    }

    @Override
    public boolean confirm(String id) {
        return true;
    }

    /**
     * Deletes every id this repository stored, and nothing else. Each value is told apart by its first bytes, read
     * from the leaf that listed it: a read through a tree of levels would copy every value of the lake upwards.
     */
    @Override
    @ManagedOperation(description = "Removes every id this repository stored, and nothing else of the location")
    public void clear() {
        Map<Key, Location> leaves;
        try (Stream<Entry> entries = location().contents()) {
            leaves = entries.collect(Collectors.toMap(Entry::key, Entry::location, (first, other) -> first, LinkedHashMap::new));
        }
        leaves.forEach((key, leaf) -> {
            if (isMarker(leaf, key)) {
                location().delete(key);
            }
        });
    }

    private static boolean isMarker(Location leaf, Key key) {
        Optional<Value> value = leaf.read(key);
        if (value.isEmpty()) {
            return false;
        }
        try (Value v = value.get(); var in = v.open()) {
            byte[] head = in.readNBytes(PREFIX.length());
            return new String(head, StandardCharsets.UTF_8).equals(PREFIX);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "TarnIdempotentRepository[" + (location != null ? location : root) + "]";
    }
}
