package io.tarn.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
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
 * A child JVM moves the files of an inbox into a disk lake ({@code Ingest.MOVE}) and is killed with SIGKILL at random
 * moments, 20 times. After every kill each file ever put in the inbox is still there intact, or stored intact, or
 * both (a kill between storing and removing); never neither; and {@code verify} finds nothing corrupt.
 */
class MoveCrashTest {
    private static final int KILLS = Boolean.getBoolean("tarn.heavy") ? 200 : 20;
    private static final int FILES_PER_ROUND = 200;

    @TempDir
    Path temp;

    @Test
    void aMoveKilledAtAnyStepLeavesTheFileOrItsValueAndNothingCorrupt() throws Exception {
        Path root = temp.resolve("lake");
        Path inbox = Files.createDirectories(temp.resolve("inbox"));
        Random random = new Random(20261130L);
        Set<String> created = new LinkedHashSet<>();
        int bothLeft = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            for (int i = 0; i < FILES_PER_ROUND; i++) {
                // two thirds above the 64 KiB memory limit, which are linked into place; the rest are copied
                int size = random.nextInt(3) > 0 ? 65_537 + random.nextInt(300_000) : 1 + random.nextInt(20_000);
                byte[] bytes = TestData.bytes(size, random.nextLong());
                String hex = TestData.sha256Hex(bytes);
                Files.write(inbox.resolve(hex + ".bin"), bytes);
                created.add(hex);
            }
            KilledChild.run(temp, MovingIngestMain.class, "moving", random.nextInt(300), root.toString(),
                    inbox.toString());

            DiskLocation disk = DiskLocation.open(root);
            VerifyReport report = disk.verify(HashAlgorithm.SHA256, VerifyOptions.DEFAULT.withAllTemporaryFiles(true));
            assertThat(report.corrupt()).as("corrupt values after kill %d", kill).isEmpty();
            for (String hex : created) {
                Path file = inbox.resolve(hex + ".bin");
                Key key = HashAlgorithm.SHA256.parseKey(hex);
                boolean inInbox = Files.exists(file);
                boolean stored = disk.contains(key);
                assertThat(inInbox || stored).as("file %s after kill %d: in the inbox or in the lake", hex, kill).isTrue();
                if (inInbox) {
                    assertThat(TestData.sha256Hex(file)).as("the file left in the inbox is intact").isEqualTo(hex);
                }
                if (stored) {
                    assertThat(TestData.sha256Hex(disk.pathOf(key))).as("the stored value is intact").isEqualTo(hex);
                }
                if (inInbox && stored) {
                    bothLeft++;
                }
            }
        }
        long moved = created.stream().filter(hex -> !Files.exists(inbox.resolve(hex + ".bin"))).count();
        System.out.printf("MoveCrashTest: %d SIGKILLs, %d files, %d moved, %d found both in the inbox and the lake"
                          + " after a kill%n", KILLS, created.size(), moved, bothLeft);
        assertThat(moved).as("the children moved files").isGreaterThan(KILLS);
    }
}
