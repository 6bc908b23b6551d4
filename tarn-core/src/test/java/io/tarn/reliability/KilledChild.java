package io.tarn.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child JVM on this test's class path, killed with SIGKILL while it works: what the crash tests share. */
final class KilledChild {
    private KilledChild() {
    }

    /**
     * Starts {@code main} with a 64 MiB heap, waits for its first line ({@code ready}), lets it work for
     * {@code workMillis}, checks it is still alive and kills it with SIGKILL. Its standard error goes to
     * {@code temp/child.err}, quoted when it fails early.
     */
    static void run(Path temp, Class<?> main, String ready, long workMillis, String... arguments) throws Exception {
        run(temp, main, ready, workMillis, () -> { }, arguments);
    }

    /** As {@link #run(Path, Class, String, long, String...)}, starting {@code onReady} once the child is ready. */
    static void run(Path temp, Class<?> main, String ready, long workMillis, Runnable onReady, String... arguments)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(arguments));
        Path errors = temp.resolve("child.err");
        Process child = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).as("child started; its errors: %s", errors).isEqualTo(ready);
            onReady.run();
            Thread.sleep(workMillis);
            assertThat(child.isAlive()).as("child still working; errors: %s", Files.readString(errors)).isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }
}
