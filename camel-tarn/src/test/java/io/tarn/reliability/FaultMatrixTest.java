package io.tarn.reliability;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.Key;
import io.tarn.TarnException;
import io.tarn.TestData;
import io.tarn.camel.TarnComponent;
import io.tarn.format.DiskConfig;
import io.tarn.lake.Lake;
import io.tarn.location.disk.DiskLocation;
import io.tarn.reliability.MatrixTable.Cell;
import io.tarn.spec.LocationSpec;

import static org.assertj.core.api.Assertions.fail;

/**
 * One specification run over every tree shape × every fault of its member A × every operation. The expected outcome
 * of each cell is the table in the "Fault matrix" section of src-docs/reliability.md, which says what the shapes,
 * faults and operations are; this test runs every cell (each on fresh lake folders, in a shuffled order), fails
 * listing every cell whose outcome differs from the table, and checks after every cell, whatever the table says:
 * nothing partial left, nothing created or changed outside the lake roots, every failure a {@link TarnException}.
 * <p>
 * The observed table is always written to {@code target/fault-matrix.md}, and what every failing cell threw to
 * {@code target/fault-matrix-failures.txt}; {@code -Dtarn.faultMatrix.update=true}
 * rewrites the table in the doc in place, for review after a deliberate change. {@code -Dtarn.faultMatrix.seed=N}
 * replays an order. Needs root (it mounts a tmpfs and read-only bind mounts): without it the test fails, saying so.
 */
class FaultMatrixTest {
    private static final Path DOC = Path.of("..", "src-docs", "reliability.md");
    private static final Path OBSERVED = Path.of("target", "fault-matrix.md");
    private static final Path MESSAGES = Path.of("target", "fault-matrix-failures.txt");
    private static final String UPDATE = "tarn.faultMatrix.update";
    private static final long OPERATION_LIMIT_SECONDS = 60;

    /** The trees: A is the member with the fault, B and C are healthy disk lakes. */
    static final List<String> SHAPES = List.of(
            "A",
            "levels(A, B)",
            "levels(A, B, C)",
            "levels(level(A, write=false), B)",
            "levels(level(A, replicate=false), B)",
            "levels(B, level(A, touch=true))",
            "fanout(A, B)",
            "fanout(A, B, C)",
            "levels(small(A, 4MiB), B)",
            "readonly(A)",
            "levels(readonly(A), B)",
            "fanout(levels(A, B), C)");
    private static final Pattern MEMBER = Pattern.compile("\\b[ABC]\\b");

    enum Fault {
        NONE("none"), FULL("full"), READONLY("readonly"), MISSING_FOLDERS("missing-folders"),
        SYMLINKED_FILE("symlinked-file"), SYMLINKED_FOLDER("symlinked-folder"), CORRUPT("corrupt"),
        UNREACHABLE("unreachable"), RACING("racing");

        final String word;

        Fault(String word) {
            this.word = word;
        }

        /** Whether the fault puts something of its own at A's path of the key under test. */
        boolean atKeyPath() {
            return this == SYMLINKED_FILE || this == SYMLINKED_FOLDER || this == CORRUPT;
        }
    }

    enum Operation {
        WRITE_STREAM("write-stream"), WRITE_BYTES("write-bytes"), WRITE_FILE("write-file"), READ("read"),
        VERIFIED_READ("verified-read"), CONTAINS("contains"), FETCH("fetch"), DELETE("delete"), TOUCH("touch"),
        VERIFY("verify");

        final String word;

        Operation(String word) {
            this.word = word;
        }
    }

    /** The key under test and its value. */
    private static final byte[] VALUE = TestData.bytes(10 * 1024, 1);
    private static final Key KEY = TestData.sha256Key(VALUE);
    /** New values: above the lake's 64 KiB memory limit (spooled), small, and a local file's. */
    private static final byte[] STREAMED = TestData.bytes(1024 * 1024 + 3, 2);
    private static final byte[] SMALL = TestData.bytes(1024, 3);
    private static final byte[] FILE_VALUE = TestData.bytes(1024 * 1024 + 5, 4);
    /** Other keys, stored corrupt in A while verifies race (fault racing). */
    private static final List<byte[]> RACED = Stream.of(10, 11, 12, 13, 14, 15)
            .map(seed -> TestData.bytes(4096, seed)).toList();
    private static final Set<Key> RACED_KEYS = Set.copyOf(RACED.stream().map(TestData::sha256Key).toList());
    /** Where Lake spools when no disk of the tree may take a value: the last of its spool folders, one per process. */
    private static Path fallbackSpool;

    @TempDir
    static Path temp;

    private static Path base;
    private static Mounts mounts;
    private static CamelContext camel;
    private static TarnComponent tarn;
    /** A loopback socket bound but not listening: connecting to its port is refused for as long as the test runs. */
    private static Socket closedPort;
    private static Path inputFile;
    private static ExecutorService runner;

    /** What each failing cell threw, for {@link #MESSAGES}. */
    private final Map<Cell, Throwable> thrown = new LinkedHashMap<>();

    @BeforeAll
    static void mountAndStart() throws Exception {
        base = temp.toRealPath();
        for (String folder : List.of("disk", "outside", "inputs", "src", "mnt")) {
            Files.createDirectories(base.resolve(folder));
        }
        inputFile = Files.write(base.resolve("inputs/value.bin"), FILE_VALUE);
        fallbackSpool = new io.tarn.lake.Lake(new io.tarn.location.combine.ReadOnly(DiskLocation.open(base.resolve("spool-probe"))))
                .spoolFolders().get(0);
        mounts = new Mounts();
        // the inode count is set so that bytes, not inodes, run out
        mounts.tmpfs(base.resolve("mnt/full"), "8m", 16384);
        mounts.readOnlyBind(base.resolve("src/readonly"), base.resolve("mnt/readonly"));
        mounts.readOnlyBind(base.resolve("src/missing-folders"), base.resolve("mnt/missing-folders"));
        camel = new DefaultCamelContext();
        camel.start();
        tarn = camel.getComponent("tarn", TarnComponent.class);
        closedPort = new Socket();
        closedPort.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        runner = Executors.newSingleThreadExecutor();
    }

    /** Runs before @TempDir's cleanup, so that cleanup never meets a mount. */
    @AfterAll
    static void stopAndUnmount() throws Exception {
        try {
            if (runner != null) {
                runner.shutdownNow();
            }
            if (camel != null) {
                camel.close();
            }
            if (closedPort != null) {
                closedPort.close();
            }
        } finally {
            if (mounts != null) {
                mounts.close();
            }
        }
    }

    @Test
    void everyCellBehavesAsTheTableSays() throws Exception {
        long seed = Long.getLong("tarn.faultMatrix.seed", System.nanoTime());
        List<Cell> cells = new ArrayList<>();
        for (String shape : SHAPES) {
            for (Fault fault : Fault.values()) {
                for (Operation operation : Operation.values()) {
                    cells.add(new Cell(shape, fault.word, operation.word));
                }
            }
        }
        Collections.shuffle(cells, new Random(seed));
        System.out.println("FaultMatrixTest: " + cells.size() + " cells in the order of seed " + seed
                           + " (-Dtarn.faultMatrix.seed=" + seed + " replays it)");

        Map<Cell, String> observed = new LinkedHashMap<>();
        List<Violation> violations = new ArrayList<>();
        for (Cell cell : cells) {
            observed.put(cell, run(cell, violations));
        }
        for (String shape : SHAPES) {
            for (Operation operation : Operation.values()) {
                String none = observed.get(new Cell(shape, Fault.NONE.word, operation.word));
                String racing = observed.get(new Cell(shape, Fault.RACING.word, operation.word));
                if (!none.equals(racing)) {
                    violations.add(new Violation(new Cell(shape, Fault.RACING.word, operation.word),
                            "racing verifies change the outcome: " + racing + ", without them " + none));
                }
            }
        }

        List<String> faults = Stream.of(Fault.values()).map(f -> f.word).toList();
        List<String> operations = Stream.of(Operation.values()).map(o -> o.word).toList();
        String rendered = MatrixTable.render(SHAPES, faults, operations, observed);
        Files.createDirectories(OBSERVED.getParent());
        Files.writeString(OBSERVED, rendered);
        Files.write(MESSAGES, thrown.keySet().stream().sorted(order(faults, operations))
                .map(cell -> cell + ": " + String.valueOf(thrown.get(cell)).replace('\n', ' ')).toList());
        String doc = Files.readString(DOC);
        if (Boolean.getBoolean(UPDATE)) {
            doc = MatrixTable.replace(doc, rendered);
            Files.writeString(DOC, doc);
        }
        MatrixTable.Expected expected = MatrixTable.parse(doc);
        List<String> differences = new ArrayList<>();
        String counts = MatrixTable.countsLine(SHAPES.size(), faults.size(), operations.size());
        if (!counts.equals(expected.counts())) {
            differences.add("the counts line of the section should read: " + counts);
        }
        for (Cell cell : observed.keySet().stream().sorted(order(faults, operations)).toList()) {
            String want = expected.cells().get(cell);
            if (want == null) {
                differences.add(cell + ": missing from the table, observed " + observed.get(cell));
            } else if (!want.equals(observed.get(cell))) {
                differences.add(cell + ": expected " + want + ", observed " + observed.get(cell));
            }
        }
        for (Cell cell : expected.cells().keySet()) {
            if (!observed.containsKey(cell)) {
                differences.add(cell + ": in the table but not a cell of the matrix");
            }
        }
        if (!differences.isEmpty() || !violations.isEmpty()) {
            List<String> broken = violations.stream()
                    .sorted(Comparator.comparing(Violation::cell, order(faults, operations)))
                    .map(violation -> violation.cell() + ": " + violation.what()).toList();
            fail(report(differences, broken, seed));
        }
    }

    private static String report(List<String> differences, List<String> violations, long seed) {
        StringBuilder out = new StringBuilder();
        if (!differences.isEmpty()) {
            out.append(differences.size()).append(" cells differ from the table in src-docs/reliability.md (the observed")
                    .append(" table is in camel-tarn/").append(OBSERVED).append("; after a deliberate change run with -D")
                    .append(UPDATE).append("=true and review the diff):\n");
            differences.forEach(line -> out.append("  ").append(line).append('\n'));
        }
        if (!violations.isEmpty()) {
            out.append(violations.size()).append(" invariant violations (whatever the table says):\n");
            violations.forEach(line -> out.append("  ").append(line).append('\n'));
        }
        return out.append("(cells ran in the order of -Dtarn.faultMatrix.seed=").append(seed).append(')').toString();
    }

    private static Comparator<Cell> order(List<String> faults, List<String> operations) {
        return Comparator.<Cell>comparingInt(c -> SHAPES.indexOf(c.shape()))
                .thenComparingInt(c -> faults.indexOf(c.fault()))
                .thenComparingInt(c -> operations.indexOf(c.operation()));
    }

    // ------------------------------------------------------------------------------------------------ one cell

    /** An invariant that a cell broke. */
    private record Violation(Cell cell, String what) {
    }

    /** A cell's folders: {@code a} is where the tree opens A (null for a remote A), {@code aSetup} where A is made. */
    private record Folders(String id, Path cell, Path a, Path aSetup, Path b, Path c, Path outside, List<Path> all) {
    }

    private String run(Cell cell, List<Violation> violations) throws Exception {
        Fault fault = Stream.of(Fault.values()).filter(f -> f.word.equals(cell.fault())).findFirst().orElseThrow();
        Operation operation = Stream.of(Operation.values()).filter(o -> o.word.equals(cell.operation())).findFirst()
                .orElseThrow();
        Folders folders = folders(cell, fault);
        List<String> problems = new ArrayList<>();
        String outcome;
        try {
            String spec = prepare(cell.shape(), fault, folders);
            Map<String, String> outsideBefore = snapshot(base.resolve("outside"));
            Set<String> spoolBefore = list(fallbackSpool);
            outcome = perform(cell, spec, fault, operation, problems);
            checkNothingPartial(folders, spoolBefore, problems);
            changes(outsideBefore, snapshot(base.resolve("outside")))
                    .forEach(change -> problems.add("nothing outside the roots changes: " + change));
            checkOnlyCellFolders(folders, problems);
        } finally {
            for (Path folder : folders.all()) {
                TestData.deleteTree(folder);
            }
        }
        problems.forEach(problem -> violations.add(new Violation(cell, problem)));
        return outcome;
    }

    private static Folders folders(Cell cell, Fault fault) {
        String id = String.format("s%02d-%s-%s", SHAPES.indexOf(cell.shape()) + 1, fault.word, cell.operation());
        Path cellFolder = base.resolve("disk").resolve(id);
        Path outside = base.resolve("outside").resolve(id);
        List<Path> all = new ArrayList<>(List.of(cellFolder, outside));
        Path a;
        Path aSetup;
        switch (fault) {
            case FULL -> {
                a = base.resolve("mnt/full").resolve(id).resolve("A");
                aSetup = a;
                all.add(a.getParent());
            }
            case READONLY, MISSING_FOLDERS -> {
                a = base.resolve("mnt").resolve(fault.word).resolve(id).resolve("A");
                aSetup = base.resolve("src").resolve(fault.word).resolve(id).resolve("A");
                all.add(aSetup.getParent());
            }
            case UNREACHABLE -> {
                a = null;
                aSetup = null;
            }
            default -> {
                a = cellFolder.resolve("A");
                aSetup = a;
            }
        }
        return new Folders(id, cellFolder, a, aSetup, cellFolder.resolve("B"), cellFolder.resolve("C"), outside, all);
    }

    /** Makes the cell's lakes, puts the key under test where the shape says, applies the fault; returns the spec. */
    private static String prepare(String shape, Fault fault, Folders folders) throws IOException {
        List<String> members = new ArrayList<>();
        for (Matcher m = MEMBER.matcher(shape); m.find(); ) {
            members.add(m.group());
        }
        if (fault == Fault.FULL) {
            fill(0); // room to make the cell's lake; filled up again once it is made
        }
        makeLakes(members, fault, folders);
        String last = members.get(members.size() - 1);
        if (!last.equals("A")) {
            store(last.equals("B") ? folders.b() : folders.c(), KEY, VALUE);
        } else if (folders.aSetup() != null && !fault.atKeyPath()) {
            store(folders.aSetup(), KEY, VALUE);
        }
        applyFault(fault, folders);
        return spec(shape, folders);
    }

    private static void makeLakes(List<String> members, Fault fault, Folders folders) throws IOException {
        if (members.contains("B")) {
            DiskLocation.open(folders.b());
        }
        if (members.contains("C")) {
            DiskLocation.open(folders.c());
        }
        Path a = folders.aSetup();
        if (fault == Fault.MISSING_FOLDERS) {
            // as a lake comes out of git: config.yml and values, no .tmp/ nor tools/
            Files.createDirectories(a);
            Files.writeString(a.resolve(DiskConfig.FILE_NAME), DiskConfig.defaults().toYaml());
        } else if (a != null) {
            DiskLocation.open(a);
        }
    }

    private static void applyFault(Fault fault, Folders folders) throws IOException {
        Path a = folders.aSetup();
        String hex = KEY.hex();
        switch (fault) {
            case SYMLINKED_FILE -> {
                Path target = Files.write(Files.createDirectories(folders.outside()).resolve("value"), VALUE);
                Files.createDirectories(a.resolve(hex.substring(0, 2)));
                Files.createSymbolicLink(a.resolve(hex.substring(0, 2)).resolve(hex.substring(2)), target);
            }
            case SYMLINKED_FOLDER -> {
                Path target = Files.createDirectories(folders.outside().resolve("folder"));
                Files.write(target.resolve(hex.substring(2)), VALUE);
                Files.createSymbolicLink(a.resolve(hex.substring(0, 2)), target);
            }
            case CORRUPT -> store(a, KEY, corrupted(VALUE));
            case RACING -> {
                for (byte[] value : RACED) {
                    store(a, TestData.sha256Key(value), corrupted(value));
                }
            }
            case FULL -> fill(Long.MAX_VALUE);
            default -> {
            }
        }
    }

    /** The shape with its members' leaves in place of A, B and C. */
    private static String spec(String shape, Folders folders) {
        Matcher leaves = MEMBER.matcher(shape);
        StringBuilder spec = new StringBuilder();
        while (leaves.find()) {
            String leaf = switch (leaves.group()) {
                case "A" -> folders.a() == null ? redisLeaf(folders.id()) : LocationSpec.quote(folders.a().toString());
                case "B" -> LocationSpec.quote(folders.b().toString());
                default -> LocationSpec.quote(folders.c().toString());
            };
            leaves.appendReplacement(spec, Matcher.quoteReplacement(leaf));
        }
        return leaves.appendTail(spec).toString();
    }

    /**
     * A Redis location nobody answers: the port is bound but not listening, so a connection is refused at once (no
     * timeout, no retry), which makes it the quickest and clearest outage of the remote locations. The prefix makes
     * the leaf, and so the tree the component builds, the cell's own.
     */
    private static String redisLeaf(String id) {
        return "redis:127.0.0.1:" + closedPort.getLocalPort() + "?prefix=" + id + ":";
    }

    /** A value file as a disk lake at levels [1, -1] holds it: ROOT/h[0:2]/h[2:], mode 0444. */
    private static void store(Path root, Key key, byte[] bytes) throws IOException {
        Path folder = Files.createDirectories(root.resolve(key.hex().substring(0, 2)));
        Path file = Files.write(folder.resolve(key.hex().substring(2)), bytes);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
    }

    private static byte[] corrupted(byte[] value) {
        byte[] copy = value.clone();
        copy[copy.length / 2] ^= 0x20;
        return copy;
    }

    /**
     * Sets the filler of the tmpfs to {@code size} bytes, or, for Long.MAX_VALUE, appends to it until the file system
     * is full: whole MiBs, then pages, then single bytes, each until the write fails with no space left.
     */
    private static void fill(long size) throws IOException {
        Path filler = base.resolve("mnt/full/filler");
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (size != Long.MAX_VALUE) {
                channel.truncate(size);
                return;
            }
            channel.position(channel.size());
            for (int chunk : new int[] {1 << 20, 4096, 1}) {
                ByteBuffer bytes = ByteBuffer.allocate(chunk);
                try {
                    while (true) {
                        channel.write(bytes.clear());
                    }
                } catch (IOException full) {
                    // no space left for a chunk this size: go on with smaller ones
                }
            }
        }
        long usable = Files.getFileStore(filler).getUsableSpace();
        if (usable > 0) {
            throw new IllegalStateException("The tmpfs at " + filler.getParent() + " still has " + usable
                                            + " bytes free after filling");
        }
    }

    /** Builds the tree, runs the operation (with verifies racing for that fault) and classifies what it gave. */
    private String perform(Cell cell, String spec, Fault fault, Operation operation, List<String> problems)
            throws Exception {
        Lake lake;
        try {
            lake = new Lake(tarn.parseSpec(spec));
        } catch (RuntimeException e) {
            thrown.put(cell, e);
            checkTarn(e, "opening the tree", problems);
            return "open: " + Outcomes.failure(e);
        }
        Verifiers verifiers = null;
        if (fault == Fault.RACING) {
            verifiers = new Verifiers(lake, 2);
            verifiers.awaitStarted();
        }
        boolean[] written = {false};
        String outcome;
        try {
            outcome = withinLimit(() -> operate(lake, operation, written));
        } catch (TimeoutException e) {
            problems.add("the operation did not end within " + OPERATION_LIMIT_SECONDS + " s");
            runner.shutdownNow();
            runner = Executors.newSingleThreadExecutor();
            outcome = "timeout";
        } catch (Throwable e) {
            thrown.put(cell, e);
            checkTarn(e, operation.word, problems);
            outcome = (written[0] ? "ok, reads " : "") + Outcomes.failure(e);
        }
        if (verifiers != null) {
            for (Throwable e : verifiers.stop()) {
                problems.add("verify never aborts on a file that vanished: a racing verify threw " + e);
            }
        }
        return outcome;
    }

    private String operate(Lake lake, Operation operation, boolean[] written) throws Exception {
        Path outside = base.resolve("outside");
        return switch (operation) {
            case WRITE_STREAM -> wrote(lake, lake.write(unknownLength(STREAMED)), STREAMED, written);
            case WRITE_BYTES -> wrote(lake, lake.write(SMALL), SMALL, written);
            case WRITE_FILE -> wrote(lake, lake.write(inputFile), FILE_VALUE, written);
            case READ -> Outcomes.read(lake.read(KEY), VALUE, outside);
            case VERIFIED_READ -> Outcomes.read(lake.withVerifiedReads().read(KEY), VALUE, outside);
            case CONTAINS -> Outcomes.answer(lake.contains(KEY));
            case FETCH -> Outcomes.fetched(lake.fetch(List.of(KEY)), KEY);
            case DELETE -> Outcomes.answer(lake.delete(KEY));
            case TOUCH -> Outcomes.answer(lake.touch(KEY));
            case VERIFY -> Outcomes.verified(lake.verify(false), RACED_KEYS);
        };
    }

    private static String wrote(Lake lake, Key key, byte[] expected, boolean[] written) throws IOException {
        written[0] = true;
        return Outcomes.written(lake, key, expected, base.resolve("outside"));
    }

    private static String withinLimit(Callable<String> operation) throws Throwable {
        Future<String> result = runner.submit(operation);
        try {
            return result.get(OPERATION_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    /** A stream that does not tell its length. */
    private static InputStream unknownLength(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int available() {
                return 0;
            }
        };
    }

    // ------------------------------------------------------------------------------------------------ invariants

    private static void checkTarn(Throwable thrown, String what, List<String> problems) {
        if (!(thrown instanceof TarnException)) {
            problems.add("every failure is a TarnException: " + what + " threw " + thrown);
        }
    }

    /** No file in any .tmp/ of the cell's lakes nor in the fallback spool, no *.part anywhere in them. */
    private static void checkNothingPartial(Folders folders, Set<String> spoolBefore, List<String> problems)
            throws IOException {
        List<Path> roots = new ArrayList<>(List.of(folders.b(), folders.c()));
        if (folders.a() != null) {
            roots.add(folders.a());
        }
        for (Path root : roots) {
            if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(path -> !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))
                        .filter(path -> path.startsWith(root.resolve(".tmp"))
                                        || path.getFileName().toString().endsWith(".part"))
                        .forEach(path -> problems.add("nothing partial is left: " + base.relativize(path)));
            }
        }
        Set<String> spool = new TreeSet<>(list(fallbackSpool));
        spool.removeAll(spoolBefore);
        if (!spool.isEmpty()) {
            problems.add("nothing partial is left: " + spool + " in " + fallbackSpool);
        }
    }

    /** The cell's folder holds only its lakes; every mount root and top folder only the cell's folder (and the filler). */
    private static void checkOnlyCellFolders(Folders folders, List<String> problems) throws IOException {
        Map<Path, Set<String>> allowed = new LinkedHashMap<>();
        allowed.put(base, Set.of("disk", "outside", "inputs", "src", "mnt", "spool-probe"));
        allowed.put(base.resolve("mnt"), Set.of("full", "readonly", "missing-folders"));
        allowed.put(base.resolve("src"), Set.of("readonly", "missing-folders"));
        allowed.put(base.resolve("inputs"), Set.of("value.bin"));
        allowed.put(base.resolve("disk"), Set.of(folders.id()));
        allowed.put(base.resolve("outside"), Set.of(folders.id()));
        allowed.put(base.resolve("mnt/full"), Set.of(folders.id(), "filler"));
        allowed.put(base.resolve("mnt/readonly"), Set.of(folders.id()));
        allowed.put(base.resolve("mnt/missing-folders"), Set.of(folders.id()));
        allowed.put(folders.cell(), Set.of("A", "B", "C"));
        for (String mounted : List.of("mnt/full", "mnt/readonly", "mnt/missing-folders")) {
            allowed.put(base.resolve(mounted).resolve(folders.id()), Set.of("A"));
        }
        for (Map.Entry<Path, Set<String>> entry : allowed.entrySet()) {
            Set<String> strays = new TreeSet<>(list(entry.getKey()));
            strays.removeAll(entry.getValue());
            if (!strays.isEmpty()) {
                problems.add("nothing is created outside the roots: " + strays + " in " + base.relativize(entry.getKey()));
            }
        }
    }

    /** Every entry below {@code folder}, links not followed; files and links with size, modification time and digest. */
    private static Map<String, String> snapshot(Path folder) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                entries.put(base.relativize(dir) + "/", "folder"); // its entries tell what changed in it
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String what = attributes.isRegularFile()
                        ? "sha256 " + HexFormat.of().formatHex(TestData.digest("SHA-256", Files.readAllBytes(file)))
                        : attributes.isSymbolicLink() ? "link to " + Files.readSymbolicLink(file) : "special";
                entries.put(base.relativize(file).toString(), what + ", " + attributes.size() + " bytes, modified "
                                                               + attributes.lastModifiedTime());
                return FileVisitResult.CONTINUE;
            }
        });
        return entries;
    }

    /** What differs between two snapshots, one line per entry. */
    private static List<String> changes(Map<String, String> before, Map<String, String> after) {
        List<String> changes = new ArrayList<>();
        Set<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            String was = before.get(name);
            String is = after.get(name);
            if (was == null) {
                changes.add(name + " was created (" + is + ")");
            } else if (is == null) {
                changes.add(name + " was removed (" + was + ")");
            } else if (!was.equals(is)) {
                changes.add(name + " was changed (" + was + ", now " + is + ")");
            }
        }
        return changes;
    }

    private static Set<String> list(Path folder) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return Set.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(path -> path.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
