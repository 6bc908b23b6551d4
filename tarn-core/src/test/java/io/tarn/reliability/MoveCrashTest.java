package io.tarn.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.AppendingProcess;
import io.tarn.HashAlgorithm;
import io.tarn.Ingest;
import io.tarn.StoredValues;
import io.tarn.TestData;
import io.tarn.lake.Lake;
import io.tarn.location.VerifyOptions;
import io.tarn.location.VerifyReport;
import io.tarn.location.disk.DiskLocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child JVM moves the files of an inbox into a disk lake ({@code Ingest.MOVE}) while another process, without root
 * privileges, appends to and overwrites some of them ({@link InboxWriter}); the child is killed with SIGKILL at random
 * moments, 12 times in the test command (200 with {@code -Dtarn.heavy=true}). After every kill each file ever put in
 * the inbox is still there, holding what it was given, or stored intact, or both (a kill between storing and
 * removing); never neither; every value of the lake, read back as a user reads it, hashes to its key; and
 * {@code verify} finds nothing corrupt.
 */
class MoveCrashTest {
    private static final int KILLS = Boolean.getBoolean("tarn.heavy") ? 200 : 12;
    /** Files large enough to become the stored values themselves, and smaller ones, which are copied. */
    private static final int LARGE_PER_ROUND = 2;
    private static final int SMALL_PER_ROUND = 10;
    private static final int WRITTEN_PER_ROUND = 6;

    @TempDir
    Path temp;

    @Test
    void aMoveKilledAtAnyStepLeavesTheFileOrItsValueAndNothingCorrupt() throws Exception {
        Path root = temp.resolve("lake");
        Path inbox = Files.createDirectories(temp.resolve("inbox"));
        Random random = new Random(20261130L);
        Map<Path, byte[]> created = new LinkedHashMap<>();
        Set<Path> everWritten = new HashSet<>();
        int bothLeft = 0;
        int changed = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            for (int i = 0; i < LARGE_PER_ROUND + SMALL_PER_ROUND; i++) {
                // a third of the small ones at most 64 KiB (spooled in memory), the rest spooled to .tmp/ and linked
                int size = i < LARGE_PER_ROUND ? (int) Ingest.ADOPTED_FROM + random.nextInt(2 << 20)
                        : random.nextInt(3) > 0 ? 65_537 + random.nextInt(300_000) : 1 + random.nextInt(20_000);
                byte[] bytes = TestData.bytes(size, random.nextLong());
                // named so that the child takes this round's first, large ones first (while another process holds
                // them open), then what earlier children left
                Path file = Files.write(inbox.resolve(String.format("%03d-%03d.bin", KILLS - kill, i)), bytes);
                created.put(file, bytes);
            }
            // the files the child takes first, changed while it takes them (each file in one round only, so that what
            // it may hold stays known)
            List<Path> written;
            try (Stream<Path> list = Files.list(inbox)) {
                written = list.sorted().filter(everWritten::add).limit(WRITTEN_PER_ROUND).toList();
            }
            List<String> asWriter = AppendingProcess.unprivileged(written);
            try (InboxWriter writer = InboxWriter.start(asWriter, written, random, temp.resolve("writer.err"))) {
                KilledChild.run(temp, MovingIngestMain.class, "moving", random.nextInt(3000), () -> {
                    try {
                        writer.go();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, root.toString(), inbox.toString());
            }

            try (Lake lake = Lake.open(root)) {
                StoredValues.assertEachHashesToItsKey(lake, "kill " + kill);
                for (Map.Entry<Path, byte[]> file : created.entrySet()) {
                    Optional<byte[]> inInbox = inInbox(file.getKey(), file.getValue(), kill);
                    boolean stored = InboxWriter.possibleContents(file.getValue()).stream()
                            .anyMatch(content -> lake.contains(TestData.sha256Key(content)));
                    assertThat(inInbox.isPresent() || stored)
                            .as("file %s after kill %d: in the inbox or in the lake", file.getKey().getFileName(), kill)
                            .isTrue();
                    if (inInbox.isPresent() && stored) {
                        bothLeft++;
                    }
                }
            }
            VerifyReport report = DiskLocation.open(root).verify(HashAlgorithm.SHA256,
                    VerifyOptions.DEFAULT.withAllTemporaryFiles(true));
            assertThat(report.corrupt()).as("corrupt values after kill %d", kill).isEmpty();
        }
        for (Map.Entry<Path, byte[]> file : created.entrySet()) {
            if (Files.exists(file.getKey()) && !Arrays.equals(Files.readAllBytes(file.getKey()), file.getValue())) {
                changed++;
            }
        }
        long moved = created.keySet().stream().filter(file -> !Files.exists(file)).count();
        long movedWhole = created.entrySet().stream()
                .filter(file -> !Files.exists(file.getKey()) && file.getValue().length >= Ingest.ADOPTED_FROM).count();
        System.out.printf("MoveCrashTest: %d SIGKILLs, %d files, %d moved (%d of them taken whole), %d found both in the"
                          + " inbox and the lake after a kill, %d left changed in the inbox%n", KILLS, created.size(), moved,
                movedWhole, bothLeft, changed);
        assertThat(moved).as("the children moved files").isGreaterThan(KILLS);
        assertThat(movedWhole).as("the children took large files whole").isPositive();
    }

    /** The file at its name, which holds what it was given (and what the writer added), if it is there. */
    private static Optional<byte[]> inInbox(Path file, byte[] first, int kill) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        byte[] now = Files.readAllBytes(file);
        assertThat(InboxWriter.possibleContents(first).stream().anyMatch(content -> Arrays.equals(content, now)))
                .as("the file %s left in the inbox after kill %d holds what it was given (%d bytes, now %d)",
                        file.getFileName(), kill, first.length, now.length)
                .isTrue();
        return Optional.of(now);
    }
}
