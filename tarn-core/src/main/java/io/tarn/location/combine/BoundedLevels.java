package io.tarn.location.combine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tarn.location.Evictable;
import io.tarn.location.Location;
import io.tarn.location.eviction.Capacity;
import io.tarn.location.eviction.Evictor;

/**
 * Which levels of a {@link Levels} are bounded, and the {@link Evictor} that keeps each of them within its capacity.
 */
final class BoundedLevels {
    /** Under the name of the Levels it serves, where this warning has always been logged. */
    private static final Logger LOG = LoggerFactory.getLogger(Levels.class);

    private BoundedLevels() {
    }

    /**
     * The evictor of each level (null for a level without capacity); {@link Levels} has refused a bounded level that
     * may hold the only copy of a value ({@link Durability}). A level whose location cannot list its values'
     * usage is not bounded, and says so.
     */
    static List<Evictor> evictors(List<Level> levels) {
        List<Evictor> evictors = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            Level level = levels.get(i);
            Capacity capacity = level.capacity();
            if (capacity == null) {
                evictors.add(null);
                continue;
            }
            Optional<Evictable> usage = level.location().evictable();
            if (usage.isEmpty()) {
                LOG.warn("The level {} has a capacity, but its location cannot list its values' usage, so it is not"
                         + " bounded by camel-tarn: bound a Caffeine level by its own maximum size, a Redis level by"
                         + " Redis's maxmemory with an allkeys-lru policy", level.location());
                evictors.add(null);
                continue;
            }
            usage.get().keepUsage();
            List<Location> lower = levels.subList(i + 1, levels.size()).stream().map(Level::location).toList();
            evictors.add(new Evictor(level.location(), capacity, lower, usage.get()));
        }
        return evictors;
    }
}
