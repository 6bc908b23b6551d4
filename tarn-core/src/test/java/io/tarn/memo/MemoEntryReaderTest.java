package io.tarn.memo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import org.junit.jupiter.api.Test;

/**
 * The memo index entry's own reader ({@link EntryReader}, what a hit uses) against the YAML parser every entry was read
 * with before it ({@link MemoEntry#parseAny}): on every entry the writer makes they agree, and the reader takes it
 * (it is no fallback that hides the fast path); on anything else (entries by hand, by another version, damaged) the
 * reader either declines, so that the YAML parser decides, or reads what the YAML parser reads. Random entries from
 * fixed seeds, so that a failure names the seed and the bytes, and repeats.
 */
class MemoEntryReaderTest {
    private static final HashAlgorithm SHA256 = HashAlgorithm.SHA256;
    private static final int ENTRIES = 4_000;
    /** Characters that are hard for a reader: quotes, escapes, controls, DEL, Latin-1, line breaks YAML knows, BOM, CJK, emoji halves. */
    private static final String HARD = "\"\\/'{}[],: #&*!|>%@`\n\r\t\b\f\u0000\u0001\u001f\u007f\u0080\u0085\u00a0\u00e9\u00ff"
                                       + "\u2028\u2029\ufeff\ufffe\uffff\u4e2d\ud83d\ude00";

    @Test
    void everyEntryTheWriterMakesIsReadByTheReaderAsByTheYamlParser() {
        for (long seed = 1; seed <= ENTRIES; seed++) {
            Random random = new Random(seed);
            MemoEntry entry = entry(random);
            byte[] json = entry.toJson();
            String shown = "seed " + seed + ", entry " + new String(json, StandardCharsets.UTF_8);
            MemoEntry fast = EntryReader.read(json, SHA256);
            assertThat(fast).as("the reader takes what the writer writes: " + shown).isNotNull();
            assertThat(fast).as("the reader gives back the entry written: " + shown).isEqualTo(entry);
            assertThat(fast).as("the reader and the YAML parser agree: " + shown).isEqualTo(MemoEntry.parseAny(json, SHA256));
            assertThat(MemoEntry.parse(json, SHA256)).as(shown).isEqualTo(entry);
        }
    }

    @Test
    void entriesNotInTheWritersLayoutGoToTheYamlParser() {
        Key key = SHA256.digest(new byte[] {1});
        String hex = key.hex();
        List<String> others = List.of(
                // what older or other writers, or a person, may have left: each still reads, through YAML
                "{\"output\": \"" + hex + "\", \"type\": \"java.lang.String\", \"charset\": \"UTF-8\", \"headers\": {}}",
                "{\n  \"charset\": \"UTF-8\",\n  \"headers\": {},\n  \"output\": \"" + hex + "\",\n  \"type\": \"byte[]\"\n}",
                "{\"charset\":\"UTF-8\",\"headers\":{},\"output\":\"" + hex + "\",\"type\":\"byte[]\"}",
                "{\"headers\": {\"h\": \"caf\u00e9\"}, \"output\": \"" + hex + "\", \"type\": \"byte[]\"}",
                "{\"headers\": {\"h\": \"caf\\u00E9\"}, \"output\": \"" + hex + "\", \"type\": \"byte[]\"}",
                "{\"headers\": {\"h\": \"a\\/b\"}, \"output\": \"" + hex + "\", \"type\": \"byte[]\"}",
                "{\"headers\": {\"h\": \"\\u0041\"}, \"output\": \"" + hex + "\", \"type\": \"byte[]\"}",
                "{\"headers\": {\"h\": 42}, \"output\": \"" + hex + "\", \"type\": \"byte[]\"}",
                "{\"headers\": {\"h\": \"1\", \"h\": \"2\"}, \"output\": \"" + hex + "\", \"type\": \"byte[]\"}",
                "{\"headers\": {}, \"output\": \"" + hex.toUpperCase() + "\", \"type\": \"byte[]\"}",
                "{\"headers\": {}, \"output\": \"" + hex + "\", \"type\": \"byte[]\", \"later\": \"field\"}",
                "{\"headers\": {}, \"output\": \"" + hex + "\", \"type\": \"byte[]\"}\n",
                "{\"headers\": {}, \"output\": null, \"type\": \"byte[]\"}",
                "{\"headers\": {}, \"output\": \"" + hex + "\", \"type\": null}",
                "{\"headers\": {}, \"output\": \"" + hex + "\"}",
                "{\"output\": \"" + hex + "\", \"type\": \"byte[]\"}",
                "{\"headers\": [], \"output\": \"" + hex + "\", \"type\": \"byte[]\"}",
                "{\"headers\": {}, \"output\": \"" + hex + "\", \"type\": \"byte[]\"",
                "[\"headers\", \"output\"]",
                "null",
                "",
                "{\"headers\": {}, \"output\": \"" + hex + "\", \"type\": \"byte[]\"}{}",
                "not json at all: {");
        for (String text : others) {
            byte[] json = text.getBytes(StandardCharsets.UTF_8);
            assertThat(EntryReader.read(json, SHA256)).as("not the writer's layout, left to YAML: " + text).isNull();
            assertThat(outcome(() -> MemoEntry.parse(json, SHA256))).as(text)
                    .isEqualTo(outcome(() -> MemoEntry.parseAny(json, SHA256)));
        }
        // and the first one reads as what it says
        assertThat(MemoEntry.parse(others.get(0).getBytes(StandardCharsets.UTF_8), SHA256))
                .isEqualTo(new MemoEntry(key, "java.lang.String", "UTF-8", new TreeMap<>()));
    }

    @Test
    void damagedEntriesReadAsTheYamlParserReadsThem() {
        // any bytes near the writer's: the reader declines them or agrees with YAML, never reads them otherwise
        for (long seed = 1; seed <= ENTRIES; seed++) {
            Random random = new Random(seed);
            byte[] json = mutate(entry(random).toJson(), random);
            String shown = "seed " + seed + ", bytes " + new String(json, StandardCharsets.ISO_8859_1);
            MemoEntry fast = EntryReader.read(json, SHA256);
            if (fast != null) {
                assertThat(outcome(() -> fast)).as(shown).isEqualTo(outcome(() -> MemoEntry.parseAny(json, SHA256)));
            }
            assertThat(outcome(() -> MemoEntry.parse(json, SHA256))).as(shown)
                    .isEqualTo(outcome(() -> MemoEntry.parseAny(json, SHA256)));
        }
    }

    /** An entry as any writer could make it: every field present or not, texts full of hard characters. */
    private static MemoEntry entry(Random random) {
        SortedMap<String, String> headers = new TreeMap<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            headers.put(text(random), random.nextInt(4) == 0 ? null : text(random));
        }
        boolean output = random.nextInt(5) > 0;
        Key key = output ? SHA256.digest(new byte[] {(byte) random.nextInt(), (byte) random.nextInt()}) : null;
        String type = output ? text(random) : null;
        String charset = output && random.nextBoolean() ? text(random) : null;
        MemoEntry entry = new MemoEntry(key, type, charset, headers);
        return random.nextBoolean() ? entry.madeBy(text(random), text(random)) : entry;
    }

    /** Empty, plain ASCII, or a mix of plain and hard characters (any char, lone surrogates among them). */
    private static String text(Random random) {
        int length = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(random.nextBoolean() ? 8 : 40);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0 -> text.append(HARD.charAt(random.nextInt(HARD.length())));
                case 1 -> text.append((char) random.nextInt(0x10000));
                case 2 -> text.appendCodePoint(0x10000 + random.nextInt(0x10ffff - 0x10000));
                default -> text.append((char) (0x20 + random.nextInt(0x5f)));
            }
        }
        return text.toString();
    }

    /** The bytes with one to three changes: a byte replaced, inserted or removed, a hex digit's case flipped. */
    private static byte[] mutate(byte[] json, Random random) {
        List<Byte> bytes = new ArrayList<>();
        for (byte b : json) {
            bytes.add(b);
        }
        byte[] alphabet = " \t\n\"\\{}:,nul0aAfFxé".getBytes(StandardCharsets.UTF_8);
        for (int changes = 1 + random.nextInt(3); changes > 0 && !bytes.isEmpty(); changes--) {
            int at = random.nextInt(bytes.size());
            byte b = random.nextBoolean() ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
            switch (random.nextInt(4)) {
                case 0 -> bytes.set(at, b);
                case 1 -> bytes.add(at, b);
                case 2 -> bytes.remove(at);
                default -> bytes.set(at, (byte) (Character.isLowerCase(bytes.get(at)) ? Character.toUpperCase(bytes.get(at))
                                                                                     : Character.toLowerCase(bytes.get(at))));
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }

    /** What reading gives: the entry, or the class of what it threw (the same input must fail the same way). */
    private static Object outcome(java.util.concurrent.Callable<MemoEntry> read) {
        try {
            MemoEntry entry = read.call();
            return entry == null ? "no entry" : entry;
        } catch (Exception e) {
            return e.getClass().getName();
        }
    }
}
