package io.tarn.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import io.tarn.Key;
import io.tarn.camel.backend.servers.RedisServer;
import io.tarn.format.DiskConfig;
import io.tarn.lake.Lake;
import io.tarn.lifecycle.GcRefusedException;
import io.tarn.lifecycle.GcReport;
import io.tarn.location.disk.DiskLocation;
import io.tarn.memo.MemoEntry;
import io.tarn.memo.MemoIndex;

import static org.assertj.core.api.Assertions.assertThat;

/** operation=gc: options and headers in, a GcReport out; from a route, and scheduled from Camel Main properties. */
class TarnGcTest extends TarnTestSupport {
    private static final Instant LONG_AGO = Instant.now().minus(Duration.ofDays(10));

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        return new RoutesBuilder[]{createRouteBuilder(), new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:gcCode").to(lakeUri("operation=gc&keepCurrentCodeOnly=true&gcGrace=0s"));
                from("direct:memoStep").to(lakeUri("operation=memo&memoRoute=direct:step"));
                from("direct:step").transform(simple("${body.toUpperCase()}"));
            }
        }};
    }

    private Path stored(String hex) {
        return stored(lakeRoot(), hex);
    }

    private static Path stored(Path root, String hex) {
        return root.resolve(hex.substring(0, 2)).resolve(hex.substring(2));
    }

    private void age(String hex) throws Exception {
        age(lakeRoot(), hex);
    }

    /** Makes a value look last used long ago: its file, and its usage mark where the lake keeps them. */
    private static void age(Path root, String hex) throws Exception {
        Files.setLastModifiedTime(stored(root, hex), FileTime.from(LONG_AGO));
        Path mark = root.resolve("tools/usage").resolve(hex.substring(0, 2)).resolve(hex.substring(2));
        if (Files.exists(mark)) {
            Files.setLastModifiedTime(mark, FileTime.from(LONG_AGO));
        }
    }

    @Test
    void gcRemovesWhatItsOptionsSayADryRunFirst() throws Exception {
        // a lake that keeps labels and usage marks, as Python tarn's StatUsage and JsonLabels do
        Path root = tmp.resolve("labelled");
        DiskLocation.open(root, DiskConfig.defaults().withTools()).close();
        String write = "tarn:labelled?root=" + root;
        String gc = write + "&operation=gc&gcOlderThan=1d&gcKeepLabels=pinned";
        String old = keyOf(write, "old");
        String pinned = template.request(write, e -> {
            e.getIn().setBody("pinned");
            e.getIn().setHeader(TarnConstants.LABELS, "pinned");
        }).getMessage().getHeader(TarnConstants.KEY, String.class);
        String fresh = keyOf(write, "fresh");
        age(root, old);
        age(root, pinned);

        Exchange dry = template.request(gc, e -> e.getIn().setHeader(TarnConstants.GC_DRY_RUN, true));
        GcReport report = dry.getMessage().getBody(GcReport.class);
        assertThat(report.dryRun()).isTrue();
        assertThat(report.removals()).extracting(removal -> removal.key().hex()).containsExactly(old);
        assertThat(dry.getMessage().getHeader(TarnConstants.GC_REMOVED, Long.class)).isEqualTo(1L);
        assertThat(dry.getMessage().getHeader(TarnConstants.GC_REMOVED_BYTES, Long.class)).isEqualTo(3L);
        assertThat(stored(root, old)).exists();

        Exchange done = template.request(gc, e -> { });
        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getHeader(TarnConstants.GC_REMOVED, Long.class)).isEqualTo(1L);
        assertThat(stored(root, old)).doesNotExist();
        assertThat(stored(root, pinned)).exists();
        assertThat(stored(root, fresh)).exists();

        // the header overrides the option: nothing is a day old now, everything is older than a millisecond
        Exchange all = template.request(gc, e -> {
            e.getIn().setHeader(TarnConstants.GC_OLDER_THAN, "1ms");
            e.getIn().setHeader(TarnConstants.GC_KEEP_LABELS, "none");
            e.getIn().setHeader(TarnConstants.GC_DRY_RUN, "true");
        });
        // the grace period (1m) keeps what was just written; the pinned one is old and its label no longer kept
        assertThat(all.getMessage().getBody(GcReport.class).removals()).extracting(removal -> removal.key().hex())
                .containsExactly(pinned);
    }

    /**
     * Issue 24: on the lake tarn:NAME creates, read and touch recorded no use, and gc by age removed values read or
     * touched just before it (it went by when they were stored). A new lake keeps usage marks now.
     */
    @Test
    void onTheLakeTarnNameCreatesReadsAndTouchesKeepValuesFromGcByAge() throws Exception {
        context.getComponent("tarn", TarnComponent.class).setBaseDirectory(tmp.resolve("base").toString());
        Path root = tmp.resolve("base/hot");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            keys.add(keyOf("tarn:hot", "value " + i));
        }
        assertThat(Files.readString(root.resolve("config.yml"))).contains("usage:\n  kwargs: {}\n  name: StatUsage\n");
        for (String hex : keys) {
            age(root, hex); // stored ten days ago, and last used then
        }
        for (String hex : keys.subList(0, 3)) {
            Exchange read = template.request("tarn:hot?operation=read", e -> e.getIn().setHeader(TarnConstants.KEY, hex));
            assertThat(read.getMessage().getBody(String.class)).startsWith("value ");
        }
        for (String hex : keys.subList(3, 6)) {
            Exchange touch = template.request("tarn:hot?operation=touch", e -> e.getIn().setHeader(TarnConstants.KEY, hex));
            assertThat(touch.getMessage().getHeader(TarnConstants.FOUND, Boolean.class)).isTrue();
            assertThat(touch.getMessage().getHeader(TarnConstants.USE_RECORDED, Boolean.class)).isTrue();
        }
        Exchange gc = template.request("tarn:hot?operation=gc&gcOlderThan=1d&gcGrace=0s", e -> { });
        assertThat(gc.getException()).isNull();
        assertThat(gc.getMessage().getBody(GcReport.class).removals()).extracting(removal -> removal.key().hex())
                .containsExactlyInAnyOrderElementsOf(keys.subList(6, 9));
        for (String hex : keys.subList(0, 6)) {
            assertThat(stored(root, hex)).as("read or touched just before gc").exists();
        }
    }

    /** A lake whose config.yml keeps no usage marks (Python tarn's default): gc by age refuses, touch says so. */
    @Test
    void onALakeThatRecordsNoUseGcByAgeFailsNamingTheFixAndTouchSaysSo() throws Exception {
        Path root = tmp.resolve("python-default");
        DiskLocation.open(root, DiskConfig.defaults()).close();
        String lake = "tarn:plain?root=" + root;
        String hex = keyOf(lake, "old");
        age(root, hex);
        Exchange touch = template.request(lake + "&operation=touch", e -> e.getIn().setHeader(TarnConstants.KEY, hex));
        assertThat(touch.getMessage().getHeader(TarnConstants.FOUND, Boolean.class)).isTrue();
        assertThat(touch.getMessage().getHeader(TarnConstants.USE_RECORDED, Boolean.class)).isFalse();
        Exchange gc = template.request(lake + "&operation=gc&gcOlderThan=1d", e -> { });
        assertThat(gc.getException()).isInstanceOf(GcRefusedException.class)
                .hasMessageContaining(root.resolve("config.yml").toString()).hasMessageContaining("usage: StatUsage");
        assertThat(stored(root, hex)).exists();
    }

    /**
     * A Caffeine level records no use: its hits would keep nothing in the disk below, so gc by age refuses the tree
     * (a touch=true level below would not do: the copy in Caffeine outlives the one gc removes).
     */
    @Test
    void gcByAgeBelowACaffeineLevelIsRefusedNamingIt() throws Exception {
        Path disk = tmp.resolve("below-caffeine");
        String spec = "levels(level(caffeine:gcHot?maxBytes=1MiB, cache=true), level(" + disk + ", touch=true))";
        String lake = "tarn:tree?location=RAW(" + spec + ")";
        String hex = keyOf("tarn:below?root=" + disk, "stored below");
        age(disk, hex);
        Exchange gc = template.request(lake + "&operation=gc&gcOlderThan=1d", e -> { });
        assertThat(gc.getException()).isInstanceOf(GcRefusedException.class)
                .hasMessageContaining("caffeine:gcHot").hasMessageContaining("is read before")
                .hasMessageContaining(disk.toString());
        assertThat(stored(disk, hex)).exists();
    }

    /**
     * A lake that records no use at all (Redis here, on a real redis-server; S3, SSH alike): gc by age could remove
     * nothing there, and a nightly gc that reported "skipped" would pass for one that works. Refused, naming it and the
     * fix; gc by another policy still runs.
     */
    @Test
    void gcByAgeOnALakeThatCanSweepNothingIsRefusedNamingIt() throws Exception {
        try (RedisServer redis = new RedisServer().start()) {
            String leaf = "redis:127.0.0.1:" + redis.port();
            String lake = "tarn:redisOnly?location=RAW(" + leaf + ")";
            String hex = keyOf(lake, "held by redis");
            Exchange gc = template.request(lake + "&operation=gc&gcOlderThan=1d", e -> { });
            assertThat(gc.getException()).isInstanceOf(GcRefusedException.class)
                    .hasMessageContaining(leaf).hasMessageContaining("records no use")
                    .hasMessageContaining("by age it could remove nothing").hasMessageContaining("Gc by another policy");
            Exchange read = template.request(lake + "&operation=read",
                    e -> e.getIn().setHeader(TarnConstants.KEY, hex));
            assertThat(read.getMessage().getBody(String.class)).isEqualTo("held by redis");
            Exchange notByAge = template.request(lake + "&operation=gc", e -> { });
            assertThat(notByAge.getException()).isNull();
        }
    }

    @Test
    void keepCurrentCodeOnlyDropsTheEntriesOfOldCodeAndTheirOutputs() throws Exception {
        Exchange first = template.request("direct:memoStep", e -> e.getIn().setBody("hello"));
        assertThat(first.getMessage().getBody(String.class)).isEqualTo("HELLO");
        String current = first.getMessage().getHeader(TarnConstants.MEMO_KEY, String.class);
        Lake lake = Lake.open(lakeRoot());
        MemoIndex index = MemoIndex.besideLake(lake);
        // what the step's earlier code left: an entry, and an output no other entry has
        String oldOutput = keyOf("direct:write", "HELLO, said the old code");
        age(oldOutput);
        Key oldEntry = lake.algorithm().digest("an old call".getBytes());
        index.write(oldEntry, new MemoEntry(lake.key(oldOutput), "java.lang.String", "UTF-8", new TreeMap<>())
                .madeBy("direct:step", "0".repeat(64)));

        Exchange gc = template.request("direct:gcCode", e -> { });
        assertThat(gc.getException()).isNull();
        GcReport report = gc.getMessage().getBody(GcReport.class);
        assertThat(report.indexes()).singleElement().satisfies(swept -> {
            assertThat(swept.oldCode()).isEqualTo(1);
            assertThat(swept.removed()).isEqualTo(1);
        });
        assertThat(index.read(oldEntry)).isEmpty();
        assertThat(index.read(lake.key(current))).isPresent();
        assertThat(stored(oldOutput)).doesNotExist();
        Exchange again = template.request("direct:memoStep", e -> e.getIn().setBody("hello"));
        assertThat(again.getMessage().getHeader(TarnConstants.MEMO_HIT, Boolean.class)).isTrue();
    }

    @Test
    void aScheduledGcFromCamelMainProperties() throws Exception {
        Path root = tmp.resolve("scheduled");
        Lake lake = Lake.open(root);
        Key old = lake.write("old".getBytes());
        age(root, old.hex());
        CountDownLatch ran = new CountDownLatch(1);
        AtomicReference<GcReport> report = new AtomicReference<>();
        Main main = new Main();
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:gc?repeatCount=1").to("tarn:scheduled?operation=gc").process(exchange -> {
                    report.set(exchange.getMessage().getBody(GcReport.class));
                    ran.countDown();
                });
            }
        });
        main.addInitialProperty("camel.component.tarn.lakes.scheduled", root.toString());
        main.addInitialProperty("camel.component.tarn.gc-older-than", "7d");
        main.start();
        try {
            assertThat(ran.await(60, TimeUnit.SECONDS)).as("the timer fired").isTrue();
        } finally {
            main.stop();
        }
        assertThat(report.get().removed()).isEqualTo(1);
        assertThat(lake.contains(old)).isFalse();
        assertThat(Map.of("places", report.get().places().size())).containsEntry("places", 1);
    }
}
