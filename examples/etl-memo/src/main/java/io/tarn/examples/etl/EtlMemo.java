package io.tarn.examples.etl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.Processor;

import io.tarn.examples.etl.steps.Aggregate;
import io.tarn.examples.etl.steps.Normalise;
import io.tarn.examples.etl.steps.Parse;
import io.tarn.lake.Lake;

/**
 * Runs the memoized pipeline three times on a fresh lake: (1) everything runs; (2) nothing runs, every step's result
 * comes from the lake; (3) after a change to the code of the normalise step, normalise runs again, and aggregate runs
 * again only for the file whose normalised data changed.
 */
public final class EtlMemo {
    private EtlMemo() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("example.home", "."));
        List<Pipeline.Run> runs = scenario(home.resolve("samples"), home.resolve("work"));
        System.out.println();
        System.out.printf("Run 2 took %d ms, %.0f%% of run 1 (%d ms)%n", runs.get(1).millis(),
                100.0 * runs.get(1).millis() / runs.get(0).millis(), runs.get(0).millis());
        System.out.println("Lake: " + home.resolve("work/lake").toAbsolutePath().normalize());
    }

    /** The three runs, printed as they go; returns what each did. */
    public static List<Pipeline.Run> scenario(Path samples, Path work) throws Exception {
        deleteTree(work);
        Lake lake = Lake.open(work.resolve("lake"));
        List<Path> inputs;
        try (Stream<Path> files = Files.list(samples)) {
            inputs = files.filter(f -> f.toString().endsWith(".csv")).sorted().toList();
        }
        Pipeline.Run first = run("Run 1: a fresh lake", lake, new Normalise(), inputs);
        Pipeline.Run second = run("Run 2: the same code, the same data", lake, new Normalise(), inputs);
        Processor v2 = NewVersion.compile("/normalise-v2/Normalise.java", Normalise.class.getName(), work.resolve("v2"));
        Pipeline.Run third = run("Run 3: Normalise changed (hyphens become spaces)", lake, v2, inputs);
        System.out.println("\nResult after run 3:");
        third.outputs().forEach((file, output) -> System.out.print("  " + file + ":\n" + output.indent(4)));
        return List.of(first, second, third);
    }

    private static Pipeline.Run run(String title, Lake lake, Processor normalise, List<Path> inputs) throws Exception {
        Pipeline.Run run = Pipeline.run(lake, new Parse(), normalise, new Aggregate(), inputs);
        System.out.printf("%n%s (%d ms)%n", title, run.millis());
        run.ran().forEach((file, steps) -> System.out.printf("  %-14s %s%n", file, Pipeline.describe(steps)));
        return run;
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                path.toFile().setWritable(true);
                Files.delete(path);
            }
        }
    }
}
