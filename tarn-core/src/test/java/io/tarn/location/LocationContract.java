package io.tarn.location;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.tarn.CollisionException;
import io.tarn.Key;
import io.tarn.Labelled;
import io.tarn.TestData;
import io.tarn.Value;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract every location keeps, run unchanged against each of them (disk, every remote, every combinator): a
 * subclass says how to make a fresh, empty location and what it keeps (labels, usage dates).
 */
public abstract class LocationContract {

    protected Location location;

    /** A fresh, empty location for one test. */
    protected abstract Location createLocation() throws Exception;

    /** Whether labels written with a value are kept (else they are dropped without error). */
    protected boolean keepsLabels() {
        return true;
    }

    /** Whether touch() and reads update a usage date that lastUsed() reports. */
    protected boolean keepsUsage() {
        return true;
    }

    /** The size of the value streamed through the location in {@link #aLargeValueIsStreamedThrough()}. */
    protected long largeValueSize() {
        return 32L << 20;
    }

    @BeforeEach
    void openLocation() throws Exception {
        location = createLocation();
    }

    @AfterEach
    void closeLocation() throws Exception {
        if (location != null) {
            location.close();
        }
    }

    protected static Value value(String text) {
        return Value.of(text.getBytes(StandardCharsets.UTF_8));
    }

    protected static Key keyOf(String text) {
        return TestData.sha256Key(text.getBytes(StandardCharsets.UTF_8));
    }

    protected static String text(Value value) {
        return new String(TestData.readAll(value), StandardCharsets.UTF_8);
    }

    protected Set<Key> storedKeys() {
        try (Stream<Entry> entries = location.contents()) {
            return entries.map(Entry::key).collect(Collectors.toSet());
        }
    }

    @Test
    void aWrittenValueReadsBack() throws Exception {
        Optional<Value> written = location.write(keyOf("hello world\n"), value("hello world\n"), Set.of());
        assertThat(written).isPresent();
        assertThat(text(written.get())).as("the written value is readable").isEqualTo("hello world\n");
        written.get().close();

        Optional<Value> read = location.read(keyOf("hello world\n"));
        assertThat(read).isPresent();
        assertThat(text(read.get())).isEqualTo("hello world\n");
        assertThat(text(read.get())).as("a value can be opened twice").isEqualTo("hello world\n");
        read.get().close();
        assertThat(location.contains(keyOf("hello world\n"))).isTrue();
    }

    @Test
    void readWholeGivesTheBytesReadGives() throws Exception {
        Key key = keyOf("read at once\n");
        location.write(key, value("read at once\n"), Set.of()).orElseThrow().close();
        assertThat(location.readWhole(key)).hasValueSatisfying(bytes ->
                assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("read at once\n"));
        assertThat(location.readWhole(keyOf("never written either"))).isEmpty();
        if (keepsUsage()) {
            var first = location.lastUsed(key).orElseThrow();
            Thread.sleep(20);
            location.readWhole(key).orElseThrow();
            assertThat(location.lastUsed(key).orElseThrow()).as("a read at once is a use, as a read is").isAfter(first);
        }
    }

    @Test
    void anAbsentKeyIsAMiss() {
        Key absent = keyOf("never written");
        assertThat(location.read(absent)).isEmpty();
        assertThat(location.contains(absent)).isFalse();
        assertThat(location.delete(absent)).isFalse();
        assertThat(location.touch(absent)).isFalse();
        assertThat(location.labels(absent)).isEmpty();
    }

    @Test
    void writingTheSameValueTwiceKeepsOneCopy() throws Exception {
        Key key = keyOf("twice");
        location.write(key, value("twice"), Set.of()).orElseThrow().close();
        Optional<Value> again = location.write(key, value("twice"), Set.of());
        assertThat(again).isPresent();
        assertThat(text(again.get())).isEqualTo("twice");
        again.get().close();
        try (Stream<Entry> entries = location.contents()) {
            assertThat(entries.filter(e -> e.key().equals(key)).count()).isEqualTo(1);
        }
    }

    @Test
    void differentBytesUnderAStoredKeyAreACollision() throws Exception {
        Key key = keyOf("original");
        location.write(key, value("original"), Set.of()).orElseThrow().close();
        assertThatThrownBy(() -> location.write(key, value("impostor"), Set.of()))
                .isInstanceOf(CollisionException.class).hasMessageContaining(key.hex());
        Value stored = location.read(key).orElseThrow();
        assertThat(text(stored)).as("the stored value is untouched").isEqualTo("original");
        stored.close();
    }

    @Test
    void deleteRemovesTheValue() throws Exception {
        Key key = keyOf("doomed");
        location.write(key, value("doomed"), Set.of()).orElseThrow().close();
        assertThat(location.delete(key)).isTrue();
        assertThat(location.read(key)).isEmpty();
        assertThat(location.contains(key)).isFalse();
        assertThat(storedKeys()).doesNotContain(key);
        assertThat(location.delete(key)).isFalse();
    }

    @Test
    void touchUpdatesTheUsageDate() throws Exception {
        Key key = keyOf("used");
        location.write(key, value("used"), Set.of()).orElseThrow().close();
        assertThat(location.touch(key)).isTrue();
        if (keepsUsage()) {
            var first = location.lastUsed(key);
            assertThat(first).isPresent();
            Thread.sleep(20);
            assertThat(location.touch(key)).isTrue();
            assertThat(location.lastUsed(key).orElseThrow()).isAfter(first.get());
        }
    }

    @Test
    void contentsListsEveryStoredKey() throws Exception {
        List<String> texts = List.of("one", "two", "three");
        for (String text : texts) {
            location.write(keyOf(text), value(text), Set.of()).orElseThrow().close();
        }
        assertThat(storedKeys()).containsExactlyInAnyOrderElementsOf(texts.stream().map(LocationContract::keyOf).toList());
    }

    @Test
    void labelsAreKeptAndMerged() throws Exception {
        Key key = keyOf("labelled");
        location.write(key, value("labelled"), Set.of("raw", "scanner-7")).orElseThrow().close();
        location.write(key, value("labelled"), Set.of("checked")).orElseThrow().close();
        if (keepsLabels()) {
            assertThat(location.labels(key)).containsExactlyInAnyOrder("raw", "scanner-7", "checked");
        } else {
            assertThat(location.labels(key)).isEmpty();
        }
        assertThat(location.keepsLabels()).as("it says whether it keeps labels, as it does").isEqualTo(keepsLabels());
    }

    @Test
    void readLabelledGivesTheValueWithItsLabels() throws Exception {
        Key key = keyOf("read with labels");
        location.write(key, value("read with labels"), Set.of("raw")).orElseThrow().close();
        try (Labelled read = location.readLabelled(key).orElseThrow()) {
            assertThat(text(read.value())).isEqualTo("read with labels");
            assertThat(read.labels()).isEqualTo(keepsLabels() ? Set.of("raw") : Set.of());
        }
        assertThat(location.readLabelled(keyOf("never written"))).isEmpty();
    }

    @Test
    void aLargeValueIsStreamedThrough() throws Exception {
        GeneratedValue large = new GeneratedValue(largeValueSize(), 7);
        Key key = large.key();
        location.write(key, large, Set.of()).orElseThrow().close();
        Value read = location.read(key).orElseThrow();
        assertThat(read.size()).isIn(largeValueSize(), -1L);
        assertThat(GeneratedValue.digest(read)).isEqualTo(key);
        read.close();
    }

    @Test
    void readBatchGivesEveryKeyOnce() throws Exception {
        List<String> texts = List.of("a", "b", "c");
        for (String text : texts) {
            location.write(keyOf(text), value(text), Set.of()).orElseThrow().close();
        }
        Map<Key, String> seen = new HashMap<>();
        List<Key> asked = List.of(keyOf("a"), keyOf("missing"), keyOf("b"), keyOf("c"));
        location.readBatch(asked, (key, value) -> seen.put(key, value.map(LocationContract::text).orElse(null)));
        assertThat(seen).hasSize(4).containsEntry(keyOf("a"), "a").containsEntry(keyOf("b"), "b")
                .containsEntry(keyOf("c"), "c").containsEntry(keyOf("missing"), null);
    }
}
