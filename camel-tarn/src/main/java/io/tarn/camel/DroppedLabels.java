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
 * Labels are never dropped silently: after a write with labels, the lake is asked for the key's labels, and when it
 * did not keep them (a disk lake without {@code labels: JsonLabels}, Redis without keepLabels, SFTP...) one WARN per
 * lake says so and what to do. Costs one look-up of the labels per write that has labels, until the warning.
 */
final class DroppedLabels {
    private static final Logger LOG = LoggerFactory.getLogger(DroppedLabels.class);

    private final Map<Location, Boolean> warned = new ConcurrentHashMap<>();

    void check(Lake lake, Key key, Set<String> labels, String endpointUri) {
        if (labels.isEmpty() || warned.containsKey(lake.location()) || lake.labels(key).containsAll(labels)) {
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
