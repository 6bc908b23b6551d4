package io.tarn.reliability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.TarnException;
import io.tarn.TestData;
import io.tarn.camel.TarnComponent;
import io.tarn.camel.TarnConstants;
import io.tarn.format.DiskConfig;
import io.tarn.location.disk.DiskLocation;
import io.tarn.spec.LocationSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded fuzzing of everything that comes from outside: keys, location specs, config.yml files, endpoint URIs and
 * headers sent to a tarn producer. Every case must end normally or with a documented exception (a
 * {@link TarnException}, {@link IllegalArgumentException}, Camel's {@link ResolveEndpointFailedException} or
 * {@link InvalidPayloadException}), within a per-case time limit; afterwards nothing may exist outside the lake roots
 * the cases were given. 10,000 cases in the test command; {@code -Dtarn.heavy=true} runs 100,000.
 */
class FuzzTest {
    private static final int CASES = Boolean.getBoolean("tarn.heavy") ? 100_000 : 10_000;
    private static final long SEED = Long.getLong("tarn.fuzz.seed", 7L);
    private static final Set<Class<? extends Throwable>> DOCUMENTED = Set.of(TarnException.class,
            IllegalArgumentException.class, ResolveEndpointFailedException.class, InvalidPayloadException.class);
    private static final String[] SPECS = { "levels(%1$s/a, %1$s/b)", "fanout(disk:%1$s/a, %1$s/b)",
            "levels(small(%1$s/a, 100KiB), level(%1$s/b, write=false, touch=true, name=\"x y\"))",
            "readonly(fanout(%1$s/a))", "levels(level(disk:%1$s/a, replicate=false), readonly(%1$s/b))" };
    private static final String[] CONFIGS = { "{}", "hash: sha256\n", "levels: [1, -1]\nusage: StatUsage\nlabels: JsonLabels\n",
            "hash: sha512\nlevels: [2, 2, -1]\nmax_size: 10G\nfree_disk_size: 1GiB\n", "locker: null\nsize: null\n" };
    private static final String[] OPTIONS = { "operation", "root", "location", "bodyAsKey", "ignoreMissing",
            "verifiedReads", "memoRoute", "memoHeaders", "positionFile", "maxMessagesPerPoll", "bogus", "delay" };
    private static final String[] OPERATIONS = { "write", "read", "contains", "delete", "touch", "fetch", "list",
            "verify", "WRITE", " read ", "memo", "", "../read", "drop" };
    private static final String[] HOSTILE = { "../", "..", "/", "\\", "\0", "%00", "%2e%2e%2f", "~", "$", "{{x}}", "#",
            "?", "&", "=", "\n", "é", "\u202e", "\uD83D\uDE00", "\uD800", "'", "\"", "(", ")", ",", " ", ":" };

    @TempDir
    Path temp;

    private final Random random = new Random(SEED);
    private final Map<String, Integer> cases = new TreeMap<>();
    private final Map<String, Integer> outcomes = new TreeMap<>();

    @Test
    void hostileInputGivesDocumentedErrorsAndWritesNothingOutsideTheLakeRoots() throws Exception {
        Path lakes = temp.resolve("lakes");
        Path outside = temp.resolve("outside");
        Files.createDirectories(outside);
        Path cwd = Path.of("").toAbsolutePath();
        List<String> cwdBefore = list(cwd);
        DiskLocation shared = DiskLocation.open(lakes.resolve("shared"), DiskConfig.defaults().withTools());
        ExecutorService runner = Executors.newSingleThreadExecutor();
        CamelContext context = new DefaultCamelContext();
        TarnComponent component = new TarnComponent();
        component.setBaseDirectory(lakes.resolve("base").toString());
        context.addComponent("tarn", component);
        context.start();
        ProducerTemplate template = context.createProducerTemplate();
        long started = System.nanoTime();
        try {
            for (int i = 0; i < CASES; i++) {
                int kind = random.nextInt(5);
                switch (kind) {
                    case 0 -> run(runner, "key", i, keyCase());
                    case 1 -> run(runner, "spec", i, specCase(lakes, shared));
                    case 2 -> run(runner, "config.yml", i, configCase());
                    case 3 -> run(runner, "endpoint URI", i, uriCase(context, lakes));
                    default -> run(runner, "headers", i, headerCase(template, shared));
                }
            }
        } finally {
            runner.shutdownNow();
            context.stop();
        }
        System.out.printf("FuzzTest: %d cases (seed %d) in %.1f s: %s; outcomes %s%n", CASES, SEED,
                (System.nanoTime() - started) / 1e9, cases, outcomes);
        assertThat(cases.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(CASES);
        try (Stream<Path> all = Files.walk(temp)) {
            List<Path> strays = all.filter(p -> !p.startsWith(lakes) && !p.equals(temp) && !p.equals(outside)).toList();
            assertThat(strays).as("files written outside the lake roots").isEmpty();
        }
        assertThat(list(outside)).isEmpty();
        assertThat(list(cwd)).as("the working directory").isEqualTo(cwdBefore);
        assertThat(TestData.files(shared.tmpFolder())).as("partial files").isEmpty();
    }

    private static List<String> list(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void run(ExecutorService runner, String kind, int index, Callable<Object> body) throws Exception {
        cases.merge(kind, 1, Integer::sum);
        Future<Object> future = runner.submit(body);
        try {
            future.get(10, TimeUnit.SECONDS);
            outcomes.merge("ok", 1, Integer::sum);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError("fuzz case " + index + " (" + kind + ", seed " + SEED + ") did not finish in 10 s");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable thrown = e.getCause();
            assertThat(DOCUMENTED.stream().anyMatch(type -> type.isInstance(thrown)))
                    .as("fuzz case %d (%s, seed %d) threw %s", index, kind, SEED, stackTrace(thrown)).isTrue();
            outcomes.merge(thrown.getClass().getSimpleName(), 1, Integer::sum);
        }
    }

    private static String stackTrace(Throwable thrown) {
        var out = new java.io.StringWriter();
        thrown.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    /** Random text: hex-like, hostile fragments, unicode, long. */
    private String text(int maxLength) {
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        while (out.length() < length) {
            switch (random.nextInt(4)) {
                case 0 -> out.append("0123456789abcdefABCDEF".charAt(random.nextInt(22)));
                case 1 -> out.append(HOSTILE[random.nextInt(HOSTILE.length)]);
                case 2 -> out.append((char) random.nextInt(0x3000));
                default -> out.append((char) (' ' + random.nextInt(95)));
            }
        }
        return out.toString();
    }

    /** The text with a few random edits: deletions, insertions of hostile fragments, duplications. */
    private String mutate(String text) {
        StringBuilder out = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = out.length() == 0 ? 0 : random.nextInt(out.length());
            switch (random.nextInt(4)) {
                case 0 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(6)));
                case 1 -> out.insert(at, HOSTILE[random.nextInt(HOSTILE.length)]);
                case 2 -> out.insert(at, text(6));
                default -> out.insert(at, out.substring(at, Math.min(out.length(), at + random.nextInt(10))));
            }
        }
        return out.toString();
    }

    private Callable<Object> keyCase() {
        String hex = random.nextBoolean() ? TestData.sha256Hex(TestData.bytes(8, random.nextLong())) : "";
        String input = random.nextInt(3) == 0 ? text(random.nextBoolean() ? 80 : 5000) : mutate(hex);
        return () -> {
            Key key = HashAlgorithm.SHA256.parseKey(input);
            assertThat(key.hex()).matches("[0-9a-f]{64}");
            return key;
        };
    }

    /**
     * A mutated spec. Every leaf goes through a resolver: one inside the lakes folder is opened for real, any other
     * is mapped to the shared lake, so that a mutation never makes the test create a folder elsewhere.
     */
    private Callable<Object> specCase(Path lakes, DiskLocation shared) {
        String spec = mutate(String.format(SPECS[random.nextInt(SPECS.length)], lakes.resolve("spec")));
        return () -> LocationSpec.parse(spec, leaf -> {
            String path = leaf.startsWith("disk:") ? leaf.substring(5) : leaf;
            return path.startsWith(lakes + "/spec/") && !path.contains("..") && !path.contains("\0") ? null : shared;
        });
    }

    private Callable<Object> configCase() {
        String yaml = mutate(CONFIGS[random.nextInt(CONFIGS.length)]);
        return () -> DiskConfig.parse(yaml, "fuzz config.yml");
    }

    private Callable<Object> uriCase(CamelContext context, Path lakes) {
        StringBuilder uri = new StringBuilder("tarn:");
        uri.append(random.nextBoolean() ? "lake" + random.nextInt(5) : mutate("lake"));
        int options = random.nextInt(4);
        for (int o = 0; o < options; o++) {
            String name = OPTIONS[random.nextInt(OPTIONS.length)];
            String value = switch (name) {
                case "root" -> lakes.resolve("uri").resolve("r" + random.nextInt(4)).toString();
                case "location" -> random.nextBoolean() ? String.format(SPECS[random.nextInt(SPECS.length)], lakes.resolve("uri"))
                        : "#" + text(10);
                case "operation" -> OPERATIONS[random.nextInt(OPERATIONS.length)];
                case "positionFile" -> lakes.resolve("uri").resolve("position" + random.nextInt(3)).toString();
                default -> random.nextBoolean() ? text(12) : Integer.toString(random.nextInt(200) - 100);
            };
            uri.append(o == 0 ? '?' : '&').append(name).append('=')
                    .append(random.nextBoolean() ? java.net.URLEncoder.encode(value, StandardCharsets.UTF_8) : value);
        }
        String text = uri.toString();
        return () -> {
            var endpoint = context.getEndpoint(text);
            if (endpoint != null) {
                context.removeEndpoint(endpoint);
            }
            return endpoint;
        };
    }

    private Callable<Object> headerCase(ProducerTemplate template, DiskLocation shared) {
        String uri = "tarn:shared?root=" + shared.root();
        Object operation = random.nextInt(4) == 0 ? text(10) : OPERATIONS[random.nextInt(OPERATIONS.length)];
        Object key = switch (random.nextInt(5)) {
            case 0 -> null;
            case 1 -> TestData.sha256Hex(TestData.bytes(1 + random.nextInt(3), random.nextInt(4)));
            case 2 -> List.of(text(70), TestData.sha256Hex(new byte[] { 1 }));
            case 3 -> random.nextInt();
            default -> mutate(TestData.sha256Hex(new byte[] { (byte) random.nextInt(4) }));
        };
        Object labels = switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> text(40);
            case 2 -> List.of(text(10), text(10), random.nextInt());
            default -> Set.of("../../" + text(5));
        };
        Object body = switch (random.nextInt(5)) {
            case 0 -> null;
            case 1 -> text(200);
            case 2 -> TestData.bytes(1 + random.nextInt(3), random.nextInt(4));
            case 3 -> TestData.bytes(random.nextInt(100_000), random.nextLong());
            default -> random.nextDouble();
        };
        return () -> {
            Exchange out = template.request(uri, e -> {
                e.getIn().setHeader(TarnConstants.OPERATION, operation);
                e.getIn().setHeader(TarnConstants.KEY, key);
                e.getIn().setHeader(TarnConstants.LABELS, labels);
                e.getIn().setBody(body);
            });
            if (out.getException() != null) {
                throw out.getException();
            }
            return out;
        };
    }
}
