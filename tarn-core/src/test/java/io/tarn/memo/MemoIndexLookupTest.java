package io.tarn.memo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.Key;
import io.tarn.lake.Lake;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A memo lookup uses again an entry its index read before only while the index holds the key: an entry removed by
 * anyone else (gc in this JVM through another index object, another process, a person) is a miss at once, and one
 * replaced under the key is read again by whoever asks for it ({@link MemoIndex#readAgain}).
 */
class MemoIndexLookupTest {
    @TempDir
    Path temp;

    @Test
    void anEntryRemovedBehindTheIndexIsAMissAtOnce() throws Exception {
        Lake lake = Lake.open(temp.resolve("lake"));
        MemoIndex memo = MemoIndex.besideLake(lake);
        MemoIndex gc = MemoIndex.besideLake(lake);
        Key memoKey = lake.algorithm().digest("a call".getBytes(StandardCharsets.UTF_8));
        MemoEntry entry = new MemoEntry(lake.write("output".getBytes(StandardCharsets.UTF_8)), "byte[]", null, new TreeMap<>());
        memo.write(memoKey, entry);
        assertThat(memo.lookup(memoKey)).hasValue(entry);

        assertThat(gc.delete(memoKey)).isTrue();
        assertThat(memo.lookup(memoKey)).as("removed through another index object").isEmpty();

        memo.write(memoKey, entry);
        assertThat(memo.lookup(memoKey)).hasValue(entry);
        Path file = temp.resolve("lake/tools/memo").resolve(memoKey.hex().substring(0, 2)).resolve(memoKey.hex().substring(2));
        Files.delete(file);
        assertThat(memo.lookup(memoKey)).as("removed by hand").isEmpty();
    }

    @Test
    void anEntryReplacedUnderItsKeyIsReadAgainWhenAsked() throws Exception {
        Lake lake = Lake.open(temp.resolve("lake"));
        MemoIndex memo = MemoIndex.besideLake(lake);
        MemoIndex other = MemoIndex.besideLake(lake);
        Key memoKey = lake.algorithm().digest("a call".getBytes(StandardCharsets.UTF_8));
        MemoEntry first = new MemoEntry(lake.write("first".getBytes(StandardCharsets.UTF_8)), "byte[]", null, new TreeMap<>());
        MemoEntry second = new MemoEntry(lake.write("second".getBytes(StandardCharsets.UTF_8)), "byte[]", null, new TreeMap<>());
        memo.write(memoKey, first);
        assertThat(memo.lookup(memoKey)).hasValue(first);

        // another JVM found the first output gone, dropped the entry and stored its own result
        other.delete(memoKey);
        other.write(memoKey, second);
        assertThat(memo.lookup(memoKey)).as("still a result of the call, while the index holds the key").hasValue(first);
        assertThat(memo.readAgain(memoKey)).hasValue(second);
        assertThat(memo.lookup(memoKey)).as("the entry read again is used from now on").hasValue(second);
    }
}
