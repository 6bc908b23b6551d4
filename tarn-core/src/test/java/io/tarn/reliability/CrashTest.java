package io.tarn.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long verified = 0;
        long staleFiles = 0;
        long started = System.nanoTime();
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "-cp", System.getProperty("java.class.path"), CrashingWriterMain.class.getName(),
                    root.toString(), acks.toString(), Long.toString(random.nextLong()))
                    .redirectError(temp.resolve("child.err").toFile()).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                assertThat(out.readLine()).as("child started; its errors: %s", temp.resolve("child.err")).isEqualTo("writing");
                Thread.sleep(random.nextInt(400));
                assertThat(child.isAlive()).as("child still writing; errors: %s",
                        Files.readString(temp.resolve("child.err"))).isTrue();
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);

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
