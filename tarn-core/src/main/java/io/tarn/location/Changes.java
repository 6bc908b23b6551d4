package io.tarn.location;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A location's changes, as {@link Location#changes()} offers them: the values put in it, followed from a position
 * kept in a file, without walking the location for each (a disk lake keeps a change journal).
 */
@FunctionalInterface
public interface Changes {
    /**
     * Opens a source of the values not handed on before.
     *
     * @param positionFile     where the position is kept (made when missing: the source then starts with every value)
     * @param fullScanPeriod   how often the location is walked for values its journal does not hold
     * @param journalRetention journal segments read by this source and last written longer ago are deleted
     */
    ChangeSource follow(Path positionFile, Duration fullScanPeriod, Duration journalRetention);
}
