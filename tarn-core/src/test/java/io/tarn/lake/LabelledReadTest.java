package io.tarn.lake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.Key;
import io.tarn.Labelled;
import io.tarn.format.DiskConfig;
import io.tarn.location.CountingLocation;
import io.tarn.location.Location;
import io.tarn.location.combine.Levels;
import io.tarn.location.disk.DiskLocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read brings its labels in one walk of the tree (one read call per level walked, no labels or contains call after
 * it), and a write to a tree that keeps labels needs no look back to know it.
 */
class LabelledReadTest {
    @TempDir
    Path tmp;

    private CountingLocation disk(String name, boolean labels) {
        DiskConfig config = labels ? DiskConfig.defaults().withTools() : DiskConfig.defaults();
        return new CountingLocation(DiskLocation.open(tmp.resolve(name), config));
    }

    private static String text(Labelled read) throws IOException {
        try (var in = read.value().open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aReadOfADiskLakeBringsItsLabelsInOneCall() throws Exception {
        CountingLocation disk = disk("lake", true);
        try (Lake lake = new Lake(disk)) {
            Key key = lake.write("raw bytes".getBytes(StandardCharsets.UTF_8), Set.of("raw", "scanner-7"));
            disk.reset();
            try (Labelled read = lake.readLabelled(key).orElseThrow()) {
                assertThat(text(read)).isEqualTo("raw bytes");
                assertThat(read.labels()).containsExactlyInAnyOrder("raw", "scanner-7");
            }
            assertThat(disk.counts()).as("one read, nothing else").isEqualTo(Map.of("read", 1));
        }
    }

    @Test
    void aReadThroughLevelsWalksEachLevelOnceAndCopiesTheLabelsUp() throws Exception {
        CountingLocation upper = disk("upper", true);
        CountingLocation lower = disk("lower", true);
        Key key;
        try (Lake below = new Lake(DiskLocation.open(tmp.resolve("lower")))) {
            key = below.write("deep".getBytes(StandardCharsets.UTF_8), Set.of("archived"));
        }
        try (Lake lake = new Lake(Levels.of(upper, lower))) {
            try (Labelled read = lake.readLabelled(key).orElseThrow()) {
                assertThat(text(read)).isEqualTo("deep");
                assertThat(read.labels()).containsExactly("archived");
            }
            assertThat(upper.counts()).as("a miss, then the copy up").isEqualTo(Map.of("read", 1, "write", 1));
            assertThat(lower.counts()).as("the hit, labels included").isEqualTo(Map.of("read", 1));
            upper.reset();
            lower.reset();
            try (Labelled again = lake.readLabelled(key).orElseThrow()) {
                assertThat(again.labels()).as("the copy up took the labels along").containsExactly("archived");
            }
            assertThat(upper.counts()).isEqualTo(Map.of("read", 1));
            assertThat(lower.counts()).as("not walked: the upper level served it").isEmpty();
        }
    }

    @Test
    void aLakeThatKeepsLabelsSaysSoWithoutReadingAnything() throws Exception {
        CountingLocation upper = disk("upper", true);
        CountingLocation lower = disk("lower", true);
        try (Lake lake = new Lake(Levels.of(upper, lower))) {
            lake.write("x".getBytes(StandardCharsets.UTF_8), Set.of("raw"));
            assertThat(lake.keepsLabels()).isTrue();
            assertThat(upper.counts()).isEqualTo(Map.of("write", 1));
            assertThat(lower.counts()).isEmpty();
        }
    }

    @Test
    void aReadOfALakeWithoutLabelsGivesNone() throws Exception {
        Location disk = disk("plain", false);
        try (Lake lake = new Lake(disk)) {
            Key key = lake.write("plain".getBytes(StandardCharsets.UTF_8), Set.of("dropped"));
            assertThat(lake.keepsLabels()).isFalse();
            try (Labelled read = lake.readLabelled(key).orElseThrow()) {
                assertThat(read.labels()).isEmpty();
            }
            assertThat(lake.readLabelled(lake.key("00".repeat(32)))).isEmpty();
        }
    }
}
