package io.tarn.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Python tarn 0.14.0 run beside the Java figures, through shared/tarn-py/bench_writes.py (see the README there): its
 * source at $TARN_SRC (default /tmp/tarn), Debian's python3 ($TARN_PY). The figures are Python's own timings of the
 * writes, so the interpreter's start is not counted.
 */
final class PythonTarn {
    private final Path source;
    private final Path script;

    private PythonTarn(Path source, Path script) {
        this.source = source;
        this.script = script;
    }

    /** Python tarn, when it imports here; else empty, and a line says why it is not measured. */
    static Optional<PythonTarn> find() {
        Path source = Path.of(System.getenv().getOrDefault("TARN_SRC", "/tmp/tarn"));
        Path script = Path.of("../../shared/tarn-py/bench_writes.py").toAbsolutePath().normalize();
        PythonTarn tarn = new PythonTarn(source, script);
        if (Files.isDirectory(source.resolve("tarn")) && Files.isRegularFile(script) && tarn.imports()) {
            return Optional.of(tarn);
        }
        System.out.println("[bench] Python tarn not measured: it does not import from " + source + " with " + script
                           + " (see shared/tarn-py/README.md)");
        return Optional.empty();
    }

    /** {@code HashKeyStorage(work/lake).write(file)}: seconds as Python timed it, in nanoseconds. */
    long largeWrite(Path work, Path file) throws Exception {
        String out = run("large", work.toString(), file.toString());
        return (long) (Double.parseDouble(after(out, "large_write")) * 1e9);
    }

    /** {@code count} new values of {@code size} bytes into {@code HashKeyStorage(work/lake)}: values per second. */
    double smallWrites(Path work, int count, int size, long seed) throws Exception {
        String out = run("small", work.toString(), String.valueOf(count), String.valueOf(size), String.valueOf(seed));
        return Double.parseDouble(after(out, "small_write"));
    }

    private boolean imports() {
        try {
            Process process = command("-c", "import tarn").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private String run(String... arguments) throws Exception {
        List<String> all = new ArrayList<>(List.of(script.toString()));
        all.addAll(List.of(arguments));
        Process process = command(all.toArray(String[]::new)).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("Python tarn failed: " + out);
        }
        return out;
    }

    /** The number after {@code label} in the script's output. */
    private static String after(String out, String label) {
        int at = out.indexOf(label);
        if (at < 0) {
            throw new IllegalStateException("Python tarn printed no " + label + ": " + out);
        }
        return out.substring(at + label.length()).trim().split("\\s+")[0];
    }

    private ProcessBuilder command(String... arguments) {
        // Debian's interpreter, whose packages Python tarn needs (env.sh's TARN_PY), not whatever python3 is first
        String interpreter = System.getenv().getOrDefault("TARN_PY",
                Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3");
        List<String> command = new ArrayList<>(List.of(interpreter));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PYTHONPATH", source + ":" + script.getParent().resolve("s3fs-stub"));
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        return builder;
    }
}
