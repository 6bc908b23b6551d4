package io.tarn.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.location.VerifyOptions;
import io.tarn.location.VerifyReport;
import io.tarn.location.disk.DiskLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM ingests into a disk lake in a loop and is killed with SIGKILL at random moments. After every kill,
 * {@code verify} finds no corrupt or partial value (and clears the stale temporary files the kill left), and every
 * key the child acknowledged reads back intact. 20 kills in the test command; {@code -Dtarn.heavy=true} makes 200.
 */
class CrashTest {
    private static final boolean HEAVY = Boolean.getBoolean("tarn.heavy");
    private static final int KILLS = HEAVY ? 200 : 20;

    @TempDir
    Path temp;

    @Test
    void killedWritersLeaveNoCorruptValueAndLoseNoAcknowledgedKey() throws Exception {
        Path root = temp.resolve("lake");
        Path acks = temp.resolve("acks");
        Files.createFile(acks);
        Random random = new Random(20261124L);
        long verified = 0;
        long staleFiles = 0;
        long started = System.nanoTime();
        for (int kill = 0; kill < KILLS; kill++) {
            String seed = Long.toString(random.nextLong());
            KilledChild.run(temp, CrashingWriterMain.class, "writing", random.nextInt(400), root.toString(),
                    acks.toString(), seed);

            DiskLocation disk = DiskLocation.open(root);
            VerifyReport report = disk.verify(HashAlgorithm.SHA256, VerifyOptions.DEFAULT.withAllTemporaryFiles(true));
            assertThat(report.corrupt()).as("corrupt or partial values after kill %d", kill).isEmpty();
            assertThat(TestData.files(disk.tmpFolder())).as(".tmp after verify").isEmpty();
            verified += report.checked();
            staleFiles += report.removedTemporaryFiles();
            Set<Key> acknowledged = acknowledged(acks);
            for (Key key : acknowledged) {
                assertThat(disk.contains(key)).as("acknowledged key %s after kill %d", key, kill).isTrue();
                assertThat(TestData.sha256Hex(disk.pathOf(key))).isEqualTo(key.hex());
            }
            assertThat(report.checked()).as("stored values >= acknowledged").isGreaterThanOrEqualTo(acknowledged.size());
        }
        System.out.printf("CrashTest: %d SIGKILLs survived, %d acknowledged keys, %d values verified in total,"
                          + " %d stale temporary files cleared, %.1f s%n", KILLS, acknowledged(acks).size(), verified,
                staleFiles, (System.nanoTime() - started) / 1e9);
        assertThat(acknowledged(acks)).as("the children got some writes done").hasSizeGreaterThan(KILLS);
    }

    /** The keys in complete lines of the acknowledgement file (a kill may cut the last line). */
    private static Set<Key> acknowledged(Path acks) throws Exception {
        String text = Files.readString(acks, StandardCharsets.US_ASCII);
        List<String> lines = List.of(text.substring(0, text.lastIndexOf('\n') + 1).split("\n"));
        Set<Key> keys = new LinkedHashSet<>();
        lines.stream().filter(line -> !line.isEmpty()).forEach(line -> keys.add(HashAlgorithm.SHA256.parseKey(line)));
        return keys;
    }
}
