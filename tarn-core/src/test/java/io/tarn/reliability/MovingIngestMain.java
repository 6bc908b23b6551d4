package io.tarn.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.tarn.Ingest;
import io.tarn.LocationException;
import io.tarn.lake.Lake;

/**
 * The child of {@link MoveCrashTest}: moves every file of an inbox into a disk lake ({@link Ingest#MOVE}), in name
 * order (a file refused, being written to, stays), then waits to be killed. Prints "moving" once the lake is open.
 * <p>
 * Arguments: lake root, inbox.
 */
public final class MovingIngestMain {
    private MovingIngestMain() {
    }

    public static void main(String[] args) throws Exception {
        Lake lake = Lake.open(Path.of(args[0]));
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of(args[1]))) {
            files = list.sorted().toList();
        }
        System.out.println("moving");
        System.out.flush();
        for (Path file : files) {
            try {
                lake.write(file, Set.of(), Ingest.MOVE);
            } catch (LocationException e) {
                System.err.println(e.getMessage()); // refused (written to meanwhile): left in the inbox, as it should be
            }
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
