package io.tarn.camel;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tarn.Key;
import io.tarn.lake.Lake;
import io.tarn.location.Location;

/**
 * Labels are never dropped silently: when a write with labels went to a lake that does not keep them all (a disk lake
 * without {@code labels: JsonLabels}, Redis without keepLabels, SFTP...), one WARN per lake says so and what to do.
 * Whether a lake keeps labels is asked once, of its tree's configuration ({@link Lake#keepsLabels()}): a lake that
 * keeps them is never read back. Only a tree that may drop some (a write level that keeps none, or one whose writes
 * may come to rest where labels are not kept) is asked for the key's labels after each labelled write, until the
 * warning.
 */
final class DroppedLabels {
    private static final Logger LOG = LoggerFactory.getLogger(DroppedLabels.class);

    /** Per lake: whether it keeps labels (asked once), then whether it was warned of. */
    private final Map<Location, Boolean> keeps = new ConcurrentHashMap<>();
    private final Map<Location, Boolean> warned = new ConcurrentHashMap<>();

    void check(Lake lake, Key key, Set<String> labels, String endpointUri) {
        if (labels.isEmpty() || keeps.computeIfAbsent(lake.location(), tree -> lake.keepsLabels())
            || warned.containsKey(lake.location()) || lake.labels(key).containsAll(labels)) {
            return;
        }
        if (warned.putIfAbsent(lake.location(), Boolean.TRUE) == null) {
            LOG.warn("The lake {} keeps no labels: the labels {} of key {} written through {} were dropped, and so will"
                     + " be those of later writes to it (said once per lake). To keep them, add 'labels: JsonLabels' to"
                     + " the config.yml of its disk folder (as in Python tarn), or use a location that keeps them (redis"
                     + " with keepLabels=true, S3).", lake.location(), labels, key.hex(), endpointUri);
        }
    }
}
