package io.tarn.integration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.camel.TarnComponent;
import io.tarn.lake.Lake;
import io.tarn.location.Entry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 8 threads in each of 2 JVMs write overlapping keys into one disk lake, one Redis lake and one S3 lake (real
 * servers): afterwards every key is intact and stored once, and no writer saw an exception.
 */
class ConcurrentLakesTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(240)
    void twoProcessesOfEightThreadsWriteTheSameKeysIntoDiskRedisAndS3() throws Exception {
        try (RealServers servers = new RealServers(tmp); DefaultCamelContext camel = new DefaultCamelContext()) {
            List<String> specs = List.of(tmp.resolve("disk").toString(), servers.redisLeaf("concurrent:"), servers.s3Leaf());
            Path go = tmp.resolve("go");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<Process> children = new ArrayList<>();
            List<Path> logs = new ArrayList<>();
            try {
                for (int worker = 0; worker < 2; worker++) {
                    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                            ConcurrentLakesWriterMain.class.getName(), go.toString(), tmp.resolve("ready-" + worker).toString(),
                            Integer.toString(worker)));
                    command.addAll(specs);
                    Path log = tmp.resolve("worker-" + worker + ".log");
                    logs.add(log);
                    children.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (!(Files.exists(tmp.resolve("ready-0")) && Files.exists(tmp.resolve("ready-1")))) {
                    assertThat(System.nanoTime()).as("children ready; logs %s", logs).isLessThan(deadline);
                    assertThat(children.stream().allMatch(Process::isAlive)).as("children alive: %s", readAll(logs)).isTrue();
                    Thread.sleep(10);
                }
                Files.writeString(go, "go");
                for (int i = 0; i < 2; i++) {
                    assertThat(children.get(i).waitFor(180, TimeUnit.SECONDS)).as("worker %d finished", i).isTrue();
                    assertThat(children.get(i).exitValue()).as("worker %d exit code; output:%n%s", i, readAll(logs)).isZero();
                }
            } finally {
                children.forEach(Process::destroyForcibly);
            }

            TarnComponent component = new TarnComponent();
            camel.addComponent("tarn", component);
            camel.start();
            Set<Key> expected = new HashSet<>();
            for (int i = 0; i < ConcurrentLakesWriterMain.COUNT; i++) {
                expected.add(TestData.sha256Key(ConcurrentLakesWriterMain.value(i)));
            }
            for (String spec : specs) {
                Lake lake = new Lake(component.parseSpec(spec));
                List<Key> listed;
                try (Stream<Entry> contents = lake.contents()) {
                    listed = contents.map(Entry::key).toList();
                }
                assertThat(listed).as("one stored copy of each key in %s", lake).doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(expected);
                for (Key key : expected) {
                    try (Value value = lake.get(key)) {
                        assertThat(TestData.sha256Key(TestData.readAll(value))).as("%s in %s", key, lake).isEqualTo(key);
                    }
                }
                assertThat(lake.verify(true).corrupt()).isEmpty();
            }
            assertThat(TestData.files(tmp.resolve("disk/.tmp"))).isEmpty();
        }
    }

    private static String readAll(List<Path> logs) throws Exception {
        StringBuilder out = new StringBuilder();
        for (Path log : logs) {
            out.append(log.getFileName()).append(":\n").append(Files.exists(log) ? Files.readString(log) : "").append('\n');
        }
        return out.toString();
    }
}
