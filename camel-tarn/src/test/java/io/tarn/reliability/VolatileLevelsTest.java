package io.tarn.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.LocationSpecException;
import io.tarn.TestData;
import io.tarn.camel.TarnComponent;
import io.tarn.camel.TarnConstants;
import io.tarn.camel.backend.memory.CaffeineLocation;
import io.tarn.camel.backend.servers.RedisServer;
import io.tarn.lake.Lake;
import io.tarn.location.Location;
import io.tarn.location.combine.Fanout;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.combine.ReadOnly;
import io.tarn.location.combine.Small;
import io.tarn.location.disk.DiskLocation;
import io.tarn.spec.LocationSpec;

import static io.tarn.TestData.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No acknowledged write rests only in a volatile location (Caffeine, a Redis whose keys expire): a tree where one
 * could is refused when it is parsed or built, naming the level and the fix, and a volatile level marked
 * {@code cache=true} holds copies of what a durable level below holds. Real CamelContexts, a real Caffeine cache, a
 * real redis-server, disk lakes in a temporary folder.
 */
class VolatileLevelsTest {
    private static final int VALUES = 40;

    private static RedisServer redis;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = new RedisServer().start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    private String disk() {
        return tmp.resolve("disk").toString();
    }

    /** The reported case: 40 small values through a Caffeine level of 4 KiB, read back in this JVM and after a restart. */
    @Test
    void everyWriteThroughACaffeineCacheLevelIsReadBackAfterARestart() throws Exception {
        String spec = "levels(level(small(caffeine:hot?maxBytes=4KiB, 1KiB), cache=true), " + disk() + ")";
        Map<Key, byte[]> written = new LinkedHashMap<>();
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getComponent("tarn", TarnComponent.class).getLakes().put("hot", spec);
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            for (int i = 0; i < VALUES; i++) {
                // 100 to 256 bytes (what Caffeine takes of a 4 KiB level), 7 KiB in all: more than the level holds
                byte[] value = TestData.bytes(100 + 4 * i, i);
                String hex = template.request("tarn:hot", e -> e.getIn().setBody(value)).getMessage()
                        .getHeader(TarnConstants.KEY, String.class);
                written.put(Key.parse(hex, HashAlgorithm.SHA256), value);
            }
            List<Key> unread = new ArrayList<>();
            written.forEach((key, value) -> {
                byte[] read = template.requestBodyAndHeader("tarn:hot?operation=read&ignoreMissing=true", null,
                        TarnConstants.KEY, key.hex(), byte[].class);
                if (read == null || !Arrays.equals(read, value)) {
                    unread.add(key);
                }
            });
            assertThat(unread).as("acknowledged writes not read back in the same JVM").isEmpty();
            CaffeineLocation cache = (CaffeineLocation) ((Small) ((Levels) camel.getComponent("tarn", TarnComponent.class)
                    .parseSpec(spec)).levels().get(0).location()).inner();
            assertThat(cache.evictions()).as("the memory level was too small for them all").isPositive();
        }
        try (CamelContext restarted = new DefaultCamelContext()) {
            restarted.start();
            Lake lake = new Lake(restarted.getComponent("tarn", TarnComponent.class).parseSpec(spec));
            written.forEach((key, value) -> assertThat(TestData.consume(lake.get(key))).as(key.hex()).isEqualTo(value));
        }
    }

    /** Each tree that could leave an acknowledged write only in memory or under an expiry, refused through an endpoint. */
    @Test
    void treesThatCouldLoseAnAcknowledgedWriteAreRefusedNamingTheLevelAndTheFix() throws Exception {
        String ttl = "redis:" + redis.host() + ":" + redis.port() + "?prefix=ttl:&ttl=3600";
        Map<String, List<String>> refused = new LinkedHashMap<>();
        refused.put("levels(small(caffeine:hot?maxBytes=256MiB, 100KiB), " + disk() + ")",
                List.of("The level 0 (small(caffeine:hot?maxBytes=256MiB, 100KiB)) takes writes", "cache=true",
                        "write=false", "at position 8"));
        refused.put("levels(" + disk() + ", caffeine:hot?maxBytes=1MiB)",
                List.of("The level 1 (caffeine:hot?maxBytes=1MiB)", "cache=true", "write=false"));
        refused.put("levels(small(" + ttl + ", 100KiB), " + disk() + ")",
                List.of("The level 0 (small(" + ttl + ", 100KiB))", "its keys expire", "cache=true", "write=false"));
        refused.put("fanout(caffeine:hot?maxBytes=1MiB, " + disk() + ")",
                List.of("The member 0 (caffeine:hot?maxBytes=1MiB) of a fanout", "levels(level(caffeine:hot?maxBytes=1MiB,"
                        + " cache=true), fanout(", "at position 8"));
        refused.put("fanout(" + disk() + ", small(caffeine:hot?maxBytes=1MiB, 1KiB))",
                List.of("The member 1 (small(caffeine:hot?maxBytes=1MiB, 1KiB)) of a fanout", "cache=true"));
        refused.put("levels(level(caffeine:hot?maxBytes=1MiB, cache=true), level(" + disk() + ", write=false))",
                List.of("The level 0 (caffeine:hot?maxBytes=1MiB) is a cache", "durable level below", "write=false"));
        refused.put("caffeine:hot?maxBytes=1MiB",
                List.of("The lake's location caffeine:hot?maxBytes=1MiB may drop a value",
                        "levels(level(caffeine:hot?maxBytes=1MiB, cache=true)", "readonly(caffeine:hot?maxBytes=1MiB)"));
        refused.put("small(caffeine:hot?maxBytes=1MiB, 1KiB)",
                List.of("The lake's location small(caffeine:hot?maxBytes=1MiB, 1KiB) may drop", "cache=true"));
        refused.put(ttl, List.of("The lake's location", "may drop a value", "cache=true"));
        for (Map.Entry<String, List<String>> shape : refused.entrySet()) {
            try (CamelContext camel = new DefaultCamelContext()) {
                camel.getComponent("tarn", TarnComponent.class).getLakes().put("x", shape.getKey());
                camel.start();
                ProducerTemplate template = camel.createProducerTemplate();
                assertThatThrownBy(() -> template.requestBody("tarn:x", "a value"))
                        .as(shape.getKey()).hasRootCauseInstanceOf(LocationSpecException.class)
                        .rootCause().message().contains(shape.getValue());
                assertThat(camel.getRegistry().lookupByName("hot")).as("no cache left behind by " + shape.getKey())
                        .isNull();
            }
            assertThat(Files.exists(tmp.resolve("disk"))).as("nothing made for " + shape.getKey()).isFalse();
        }
    }

    /** A bean is checked as a spec is: a Caffeine location alone is refused, and left to its owner. */
    @Test
    void aVolatileBeanAsAWholeLakeIsRefusedAndLeftOpen() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            CaffeineLocation hot = new CaffeineLocation(camel, "hot", 1 << 20);
            camel.getRegistry().bind("memory", hot);
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            assertThatThrownBy(() -> template.requestBody("tarn:x?location=#memory", "a value"))
                    .hasRootCauseInstanceOf(LocationSpecException.class).rootCause()
                    .hasMessageContaining("The lake's location caffeine:hot?maxBytes=1MiB may drop").hasMessageContaining("cache=true");
            assertThat(camel.getRegistry().lookupByName("hot")).as("the bean's cache stays: it is the user's").isNotNull();
            hot.close();
        }
    }

    /** The same trees built in Java are refused by the constructors, in the same words. */
    @Test
    void javaBuiltTreesAreRefusedAsSpecsAre() throws Exception {
        try (CamelContext camel = new DefaultCamelContext();
             CaffeineLocation hot = new CaffeineLocation(camel, "hot", 1 << 20)) {
            camel.start();
            DiskLocation disk = DiskLocation.open(tmp.resolve("disk"));
            assertThatThrownBy(() -> Levels.of(new Small(hot, 100 << 10), disk)).isInstanceOf(LocationSpecException.class)
                    .hasMessageContaining("The level 0 (small(caffeine:hot?maxBytes=1MiB, 100KiB)) takes writes")
                    .hasMessageContaining("cache=true").hasMessageContaining("write=false");
            assertThatThrownBy(() -> Fanout.of(hot, disk)).isInstanceOf(LocationSpecException.class)
                    .hasMessageContaining("The member 0 (caffeine:hot?maxBytes=1MiB) of a fanout");
            assertThatThrownBy(() -> new Lake(new Small(hot, 1024))).isInstanceOf(LocationSpecException.class)
                    .hasMessageContaining("The lake's location small(caffeine:hot?maxBytes=1MiB, 1KiB) may drop");
            // what may hold it: a cache level above the disk, a level filled by copy-up only, a read-only view
            new Lake(Levels.ofLevels(Level.of(new Small(hot, 100 << 10)).withCache(true), Level.of(disk)));
            new Lake(Levels.ofLevels(Level.of(hot).withWrite(false), Level.of(disk)));
            new Lake(new ReadOnly(hot));
        }
    }

    /**
     * For every shape, the parser and the constructors refuse alike, the same level in the same words; and what each
     * leaf's factory tells the parser before the leaf is made is what the leaf then says.
     */
    @Test
    void specBuiltAndJavaBuiltTreesAgree() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            TarnComponent tarn = camel.getComponent("tarn", TarnComponent.class);
            String ttlText = "redis:" + redis.host() + ":" + redis.port() + "?prefix=agree-ttl:&ttl=60";
            String redisText = "redis:" + redis.host() + ":" + redis.port() + "?prefix=agree:";
            Map<String, Location> leaves = new LinkedHashMap<>();
            leaves.put("#hot", tarn.parseSpec("caffeine:agree?maxBytes=1MiB"));
            leaves.put("#ttl", tarn.parseSpec(ttlText));
            leaves.put("#redis", tarn.parseSpec(redisText));
            leaves.put("#disk", DiskLocation.open(tmp.resolve("disk")));
            leaves.put("#other", DiskLocation.open(tmp.resolve("other")));
            assertThat(leaves.values().stream().map(Location::mayDropWrites).toList())
                    .containsExactly(true, true, false, false, false);
            // the factories say it before the leaf is made: a leaf that may drop writes is refused above a disk
            Map<String, String> texts = Map.of("#ttl", ttlText, "#redis", redisText, "#hot", "caffeine:other?maxBytes=1MiB");
            texts.forEach((name, text) -> assertThat(refusal(() -> tarn.parseSpec("levels(" + text + ", " + tmp.resolve("x")
                                                                                   + ")")) != null)
                    .as(text).isEqualTo(leaves.get(name).mayDropWrites()));

            Location hot = leaves.get("#hot");
            Location ttl = leaves.get("#ttl");
            Location plain = leaves.get("#redis");
            Location disk = leaves.get("#disk");
            Location other = leaves.get("#other");
            Map<String, Supplier<Location>> shapes = new LinkedHashMap<>();
            shapes.put("levels(#hot, #disk)", () -> Levels.of(hot, disk));
            shapes.put("levels(small(#ttl, 1KiB), #disk)", () -> Levels.of(new Small(ttl, 1024), disk));
            shapes.put("levels(small(#redis, 1KiB), #disk)", () -> Levels.of(new Small(plain, 1024), disk));
            shapes.put("levels(level(#hot, cache=true), #disk)", () -> Levels.ofLevels(Level.of(hot).withCache(true),
                    Level.of(disk)));
            shapes.put("levels(level(#hot, write=false), #disk)", () -> Levels.ofLevels(Level.of(hot).withWrite(false),
                    Level.of(disk)));
            shapes.put("levels(level(#ttl, cache=true), level(#disk, write=false))", () -> Levels.ofLevels(
                    Level.of(ttl).withCache(true), Level.of(disk).withWrite(false)));
            shapes.put("levels(readonly(#hot), #disk)", () -> Levels.of(new ReadOnly(hot), disk));
            shapes.put("fanout(#disk, #hot)", () -> Fanout.of(disk, hot));
            shapes.put("fanout(#disk, readonly(#hot))", () -> Fanout.of(disk, new ReadOnly(hot)));
            shapes.put("fanout(levels(level(#hot, cache=true), #disk), #other)", () -> Fanout.of(Levels.ofLevels(
                    Level.of(hot).withCache(true), Level.of(disk)), other));
            shapes.put("levels(#other, fanout(#disk, small(#hot, 1KiB)))", () -> Levels.of(other,
                    Fanout.of(disk, new Small(hot, 1024))));
            int refusedShapes = 0;
            for (Map.Entry<String, Supplier<Location>> shape : shapes.entrySet()) {
                String parsed = refusal(() -> LocationSpec.parse(shape.getKey(), leaves::get));
                String built = refusal(shape.getValue());
                assertThat(parsed == null).as(shape.getKey() + ": the parser refuses it as the constructors do")
                        .isEqualTo(built == null);
                if (parsed != null) {
                    refusedShapes++;
                    String words = parsed.substring(0, parsed.indexOf(" — at position "));
                    for (Map.Entry<String, Location> leaf : leaves.entrySet()) {
                        words = words.replace(leaf.getKey(), leaf.getValue().toString());
                    }
                    assertThat(words).as(shape.getKey() + ": the same level, the same words").isEqualTo(built);
                }
            }
            assertThat(refusedShapes).isEqualTo(5);
        }
    }

    /** What the docs recommend works as a lake: writes rest on the disk, the memory and Redis levels hold copies. */
    @Test
    void cacheLevelsOfMemoryAndRedisHoldCopiesOfWhatTheDiskHolds() throws Exception {
        String ttl = "redis:" + redis.host() + ":" + redis.port() + "?prefix=copies:&ttl=3600";
        String spec = "levels(level(small(caffeine:hot?maxBytes=1MiB, 64KiB), cache=true), level(small(" + ttl
                      + ", 1MiB), cache=true), " + disk() + ")";
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            Levels tree = (Levels) camel.getComponent("tarn", TarnComponent.class).parseSpec(spec);
            Lake lake = new Lake(tree);
            byte[] small = TestData.bytes(1000, 1);
            byte[] medium = TestData.bytes(200_000, 2);
            Key smallKey = lake.write(small);
            Key mediumKey = lake.write(medium);
            Location memory = tree.levels().get(0).location();
            Location redisLevel = tree.levels().get(1).location();
            Location store = tree.levels().get(2).location();
            assertThat(List.of(memory.contains(smallKey), redisLevel.contains(smallKey), store.contains(smallKey)))
                    .as("the first cache above the disk that takes it gets the copy").containsExactly(true, false, true);
            assertThat(List.of(memory.contains(mediumKey), redisLevel.contains(mediumKey), store.contains(mediumKey)))
                    .as("too large for the memory level: Redis gets the copy").containsExactly(false, true, true);
            assertThat(TestData.consume(lake.get(mediumKey))).isEqualTo(medium);
        }
    }
}
