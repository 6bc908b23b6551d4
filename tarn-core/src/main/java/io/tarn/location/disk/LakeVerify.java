package io.tarn.location.disk;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.tarn.HashAlgorithm;
import io.tarn.Value;
import io.tarn.location.Entry;
import io.tarn.location.VerifyOptions;
import io.tarn.location.VerifyReport;

/** {@code verify} of a disk lake: every value re-hashed, what a crash leaves behind cleared, foreign entries reported. */
final class LakeVerify {
    private LakeVerify() {
    }

    /**
     * Re-hashes every stored file (without marking it used), deletes those that do not hash to their key, clears what
     * a crash leaves behind ({@code .tmp/} files and {@code config.yml.*.part} files older than
     * {@link DiskLocation#TEMPORARY_GRACE}, or all of them with {@link VerifyOptions#allTemporaryFiles()}), and reports foreign
     * entries: links, special files and folders where values or temporary files belong (removed with
     * {@link VerifyOptions#removeForeign()}). Entries that vanish under the walk are counted, never an error. A
     * read-only lake is given options that only report.
     */
    static VerifyReport verify(DiskLocation lake, VerifyOptions how, HashAlgorithm algorithm, TemporaryFiles temporary) {
        KeyWalk walk = new KeyWalk(lake.root(), lake.layout(), algorithm);
        List<String> foreign = new ArrayList<>();
        Stream<Entry> values = walk.entries().filter(found -> {
            if (found.value()) {
                return true;
            }
            foreign.add(TemporaryFiles.foreignEntry(found.path(), found.kind(), how));
            return false;
        }).map(found -> new Entry(found.key(), lake));
        VerifyReport report = VerifyReport.check(values, algorithm,
                entry -> Optional.ofNullable(lake.storedFile(entry.key())).map(Value::of),
                entry -> !how.reportOnly() && lake.deleteCorrupt(entry.key(), algorithm));
        TemporaryFiles.Swept swept = temporary.sweep(DiskLocation.TEMPORARY_GRACE, how, foreign);
        return report.withRemovedTemporaryFiles(swept.removed()).withForeign(foreign, walk.vanished() + swept.vanished());
    }
}
