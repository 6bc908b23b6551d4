package io.tarn.reliability;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import io.tarn.lake.Lake;
import io.tarn.lifecycle.GcPolicy;
import io.tarn.lifecycle.GcReport;

/**
 * The other process of {@link GcAcrossProcessesTest}, on the lake in its first argument. Commands, one per line on
 * standard input, each answered by one line starting with {@link #ANSWER}: {@code use VALUES SEED} starts {@link LakeUsers} on the lake's values
 * ({@code using}, once they are at work); {@code stop FILE} stops them and writes the keys they used to the file
 * ({@code stopped} and their counts); {@code gc OLDER_THAN_MS GRACE_MS} runs gc by age ({@code gc REMOVED});
 * {@code hold VALUES SEED THREADS} starts {@link HeldValueUsers} ({@code holding}), {@code unhold} stops them
 * ({@code stopped} and their counts); {@code gc-loop MILLIS} runs gc of every value not in use, round after round, for
 * that long ({@code gc ROUNDS REMOVED}).
 */
public final class GcProcessMain {
    /** What starts an answer: libraries may print lines of their own (commons-logging's discovery notice). */
    static final String ANSWER = "gc-process: ";

    private GcProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        Lake lake = Lake.open(Path.of(args[0]));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        LakeUsers users = null;
        HeldValueUsers holders = null;
        System.out.println(ANSWER + "ready");
        System.out.flush();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] words = line.split(" ");
            String answer;
            switch (words[0]) {
                case "use" -> {
                    users = new LakeUsers(lake, Integer.parseInt(words[1]), 2, Long.parseLong(words[2])).start();
                    answer = "using";
                }
                case "stop" -> answer = "stopped " + users.stop(Path.of(words[1]));
                case "gc" -> {
                    GcReport report = lake.gc(GcPolicy.olderThan(Duration.ofMillis(Long.parseLong(words[1])))
                            .withGrace(Duration.ofMillis(Long.parseLong(words[2]))));
                    answer = "gc " + report.removed();
                }
                case "hold" -> {
                    holders = new HeldValueUsers(lake, Integer.parseInt(words[1]), Integer.parseInt(words[3]),
                            Long.parseLong(words[2])).start();
                    answer = "holding";
                }
                case "unhold" -> answer = "stopped " + holders.stop();
                case "gc-loop" -> answer = "gc " + gcLoop(lake, Long.parseLong(words[1]));
                default -> answer = "unknown command " + line;
            }
            System.out.println(ANSWER + answer);
            System.out.flush();
        }
    }

    /**
     * Runs gc of every value not in use now ({@code olderThan=0}, no grace), round after round, for {@code millis}:
     * {@code ROUNDS REMOVED}.
     */
    static String gcLoop(Lake lake, long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long rounds = 0;
        long removed = 0;
        while (System.nanoTime() < end) {
            removed += lake.gc(GcPolicy.olderThan(Duration.ZERO).withGrace(Duration.ZERO)).removed();
            rounds++;
        }
        return rounds + " " + removed;
    }
}
