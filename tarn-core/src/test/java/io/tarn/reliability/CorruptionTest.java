package io.tarn.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.CorruptionException;
import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.lake.Lake;
import io.tarn.location.Location;
import io.tarn.location.VerifyReport;
import io.tarn.location.combine.Levels;
import io.tarn.location.combine.ReadOnly;
import io.tarn.location.disk.DiskLocation;

import static io.tarn.TestData.sha256Key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A flipped byte in a stored value is caught by verify and by verified reads, and healed from a lower level. */
class CorruptionTest {
    @TempDir
    Path temp;

    @Test
    void verifyRemovesCorruptValuesAndStaleTemporaryFiles() throws Exception {
        DiskLocation disk = DiskLocation.open(temp.resolve("lake"));
        Lake lake = new Lake(disk);
        byte[] good = TestData.bytes(100_000, 1);
        byte[] bad = TestData.bytes(5_000, 2);
        lake.write(good);
        Key badKey = lake.write(bad);
        TestData.flipByte(disk.pathOf(badKey), 1234);
        Path stale = Files.writeString(disk.tmpFolder().resolve("crashed-write"), "partial");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(DiskLocation.TEMPORARY_GRACE).minusSeconds(1)));
        Path fresh = Files.writeString(disk.tmpFolder().resolve("running-write"), "partial");
        Path configPart = Files.writeString(disk.root().resolve("config.yml.123.abcdefgh.part"), "{}");
        Files.setLastModifiedTime(configPart, FileTime.from(Instant.EPOCH));

        VerifyReport report = lake.verify(false);

        assertThat(report.checked()).isEqualTo(2);
        assertThat(report.corrupt()).containsExactly(badKey);
        assertThat(report.removedTemporaryFiles()).as("the stale .tmp file and config part").isEqualTo(2);
        assertThat(stale).doesNotExist();
        assertThat(configPart).doesNotExist();
        assertThat(fresh).as("a write that may still be running").exists();
        assertThat(disk.contains(badKey)).isFalse();
        assertThat(lake.contains(sha256Key(good))).isTrue();

        VerifyReport again = lake.verify(true);
        assertThat(again).isEqualTo(new VerifyReport(1, List.of(), 1));
        assertThat(fresh).doesNotExist();
    }

    @Test
    void aVerifiedReadHealsACorruptCopyFromALowerLevel() throws Exception {
        DiskLocation top = DiskLocation.open(temp.resolve("top"));
        DiskLocation bottom = DiskLocation.open(temp.resolve("bottom"));
        Lake lake = new Lake(Levels.of(top, bottom)).withVerifiedReads();
        byte[] bytes = TestData.bytes(70_000, 3);
        Key key = sha256Key(bytes);
        bottom.write(key, Value.of(bytes), java.util.Set.of());
        top.write(key, Value.of(bytes), java.util.Set.of());
        TestData.flipByte(top.pathOf(key), 69_999);

        try (Value value = lake.get(key)) {
            assertThat(TestData.readAll(value)).isEqualTo(bytes);
        }
        assertThat(TestData.sha256Hex(top.pathOf(key))).as("the top copy, healed").isEqualTo(key.hex());
        assertThat(lake.location().toString()).isEqualTo("levels(verified(" + top + "), verified(" + bottom + "))");
    }

    @Test
    void aVerifiedReadLeavesACorruptCopyBehindReadOnlyInPlace() throws Exception {
        DiskLocation top = DiskLocation.open(temp.resolve("top"));
        DiskLocation bottom = DiskLocation.open(temp.resolve("bottom"));
        Lake lake = new Lake(Levels.of(new ReadOnly(top), bottom)).withVerifiedReads();
        byte[] bytes = TestData.bytes(70_000, 4);
        Key key = sha256Key(bytes);
        bottom.write(key, Value.of(bytes), java.util.Set.of());
        top.write(key, Value.of(bytes), java.util.Set.of());
        TestData.flipByte(top.pathOf(key), 17);
        String corrupt = TestData.sha256Hex(top.pathOf(key));

        try (Value value = lake.get(key)) {
            assertThat(TestData.readAll(value)).as("the intact copy below").isEqualTo(bytes);
        }
        assertThat(top.pathOf(key)).as("nothing is removed through a read-only location").exists();
        assertThat(TestData.sha256Hex(top.pathOf(key))).isEqualTo(corrupt);
    }

    @Test
    void withNoIntactCopyTheCorruptionNamesTheKeyAndLocation() throws Exception {
        DiskLocation top = DiskLocation.open(temp.resolve("top"));
        DiskLocation bottom = DiskLocation.open(temp.resolve("bottom"));
        Lake lake = new Lake(Levels.of(top, bottom)).withVerifiedReads();
        Key key = lake.write(TestData.bytes(10, 4));
        TestData.flipByte(top.pathOf(key), 0);

        assertThatThrownBy(() -> lake.get(key)).isInstanceOf(CorruptionException.class)
                .hasMessageContaining(key.hex()).hasMessageContaining(top.toString())
                .satisfies(e -> assertThat(((CorruptionException) e).getKey()).isEqualTo(key));
        assertThat(top.contains(key)).as("the corrupt copy is deleted").isFalse();
        assertThat(lake.read(key)).as("afterwards the key is simply missing").isEmpty();
    }

    @Test
    void aBatchReadTreatsACorruptCopyAsAMissAndHealsIt() throws Exception {
        DiskLocation top = DiskLocation.open(temp.resolve("top"));
        DiskLocation bottom = DiskLocation.open(temp.resolve("bottom"));
        byte[] bytes = TestData.bytes(300, 5);
        Key key = sha256Key(bytes);
        bottom.write(key, Value.of(bytes), java.util.Set.of());
        top.write(key, Value.of(bytes), java.util.Set.of());
        TestData.flipByte(top.pathOf(key), 7);
        Location tree = new Lake(Levels.of(top, bottom)).withVerifiedReads().location();

        assertThat(new Lake(tree).fetch(List.of(key))).containsEntry(key, io.tarn.lake.Fetched.FOUND);
        assertThat(TestData.sha256Hex(top.pathOf(key))).isEqualTo(key.hex());
    }

    @Test
    void unverifiedReadsHandOutWhatIsStored() throws Exception {
        DiskLocation disk = DiskLocation.open(temp.resolve("lake"));
        Lake lake = new Lake(disk);
        Key key = lake.write(TestData.bytes(10, 6));
        TestData.flipByte(disk.pathOf(key), 3);
        try (Value value = lake.get(key)) {
            assertThat(TestData.sha256Key(TestData.readAll(value))).isNotEqualTo(key);
        }
    }

    /**
     * Two verifies and two verified readers over the same corrupt copies, at once (issue 11: a verify aborted on a
     * file that vanished under its walk, a verified reader got a LocationException): nobody fails, every read is the
     * intact value, and every corrupt copy is gone at the end.
     */
    @Test
    void verifiesAndVerifiedReadersRacingOverCorruptCopiesNeverFail() throws Exception {
        for (int round = 0; round < 5; round++) {
            DiskLocation top = DiskLocation.open(temp.resolve("top" + round));
            DiskLocation bottom = DiskLocation.open(temp.resolve("bottom" + round));
            Lake lake = new Lake(Levels.of(top, bottom));
            List<Key> keys = new ArrayList<>();
            List<byte[]> values = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                byte[] bytes = TestData.bytes(2_000 + i, 1000L * round + i);
                Key key = lake.write(bytes);
                bottom.write(key, Value.of(bytes), Set.of()).orElseThrow().close();
                keys.add(key);
                values.add(bytes);
                if (i % 2 == 0) {
                    TestData.flipByte(top.pathOf(key), 17);
                }
            }
            Lake verified = lake.withVerifiedReads();
            CyclicBarrier start = new CyclicBarrier(4);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<Key>>> verifiers = new ArrayList<>();
                List<Future<Long>> readers = new ArrayList<>();
                for (int v = 0; v < 2; v++) {
                    verifiers.add(pool.submit(() -> {
                        start.await();
                        return lake.verify(false).corrupt();
                    }));
                }
                for (int r = 0; r < 2; r++) {
                    int offset = r;
                    readers.add(pool.submit(() -> {
                        start.await();
                        long read = 0;
                        for (int i = 0; i < keys.size(); i++) {
                            int index = (i * 7 + offset * 101) % keys.size();
                            try (Value value = verified.read(keys.get(index)).orElseThrow()) {
                                assertThat(TestData.readAll(value)).isEqualTo(values.get(index));
                            }
                            read++;
                        }
                        return read;
                    }));
                }
                Set<Key> corrupt = new HashSet<>();
                for (Future<List<Key>> verifier : verifiers) {
                    corrupt.addAll(verifier.get(60, TimeUnit.SECONDS));
                }
                for (Future<Long> reader : readers) {
                    assertThat(reader.get(60, TimeUnit.SECONDS)).isEqualTo(keys.size());
                }
                // both verifiers may report a copy they both hashed before either removed it: what they report is
                // among the copies made corrupt, whichever verifier or reader got to each first
                List<Key> flipped = new ArrayList<>();
                for (int i = 0; i < keys.size(); i += 2) {
                    flipped.add(keys.get(i));
                }
                assertThat(corrupt).as("corrupt copies found by the verifiers (the readers healed the rest)")
                        .isSubsetOf(flipped);
            } finally {
                pool.shutdownNow();
            }
            VerifyReport after = lake.verify(false);
            assertThat(after.corrupt()).as("round %d: corrupt copies left", round).isEmpty();
            assertThat(after.foreign()).isEmpty();
        }
    }
}
