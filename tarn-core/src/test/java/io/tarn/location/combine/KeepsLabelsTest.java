package io.tarn.location.combine;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.format.DiskConfig;
import io.tarn.location.Location;
import io.tarn.location.disk.DiskLocation;

import static org.assertj.core.api.Assertions.assertThat;

/** Whether a tree keeps labels, as its writes store them: the levels a write may rest in, and those that get copies. */
class KeepsLabelsTest {
    @TempDir
    Path tmp;
    private int made;

    private Location labelled() {
        return DiskLocation.open(tmp.resolve("l" + made++), DiskConfig.defaults().withTools());
    }

    private Location plain() {
        return DiskLocation.open(tmp.resolve("p" + made++), DiskConfig.defaults());
    }

    @Test
    void leavesAndWrappersAnswerFromTheirConfiguration() {
        assertThat(labelled().keepsLabels()).isTrue();
        assertThat(plain().keepsLabels()).isFalse();
        assertThat(new Small(labelled(), 1024).keepsLabels()).isTrue();
        assertThat(new Small(plain(), 1024).keepsLabels()).isFalse();
        assertThat(new ReadOnly(plain()).keepsLabels()).as("it takes no write, so it drops no labels").isTrue();
    }

    @Test
    void levelsWhoseWriteLevelKeepsNoneDropThemEvenIfALowerOneKeepsThem() {
        assertThat(Levels.of(plain(), labelled()).keepsLabels()).isFalse();
        assertThat(Levels.of(labelled(), labelled()).keepsLabels()).isTrue();
    }

    @Test
    void levelsAreAskedForEveryLevelAWriteMayRestIn() {
        assertThat(Levels.of(labelled(), plain()).keepsLabels()).as("a write level 0 declines rests in level 1")
                .isFalse();
        assertThat(Levels.of(labelled(), new ReadOnly(plain())).keepsLabels()).as("a read-only level takes none").isTrue();
        assertThat(Levels.ofLevels(Level.of(labelled()), Level.of(plain()).withWrite(false)).keepsLabels())
                .as("a level below every writer gets copies of what no write stored").isTrue();
    }

    @Test
    void levelsAreAskedForTheLevelsAboveThatGetCopies() {
        assertThat(Levels.ofLevels(Level.of(plain()).withCache(true), Level.of(labelled())).keepsLabels())
                .as("a cache level serves reads with its own labels").isFalse();
        assertThat(Levels.ofLevels(Level.of(plain()).withWrite(false), Level.of(labelled())).keepsLabels())
                .as("a replicating level too").isFalse();
        assertThat(Levels.ofLevels(Level.of(plain()).withWrite(false).withReplicate(false), Level.of(labelled()))
                .keepsLabels()).as("a level that gets no copies is not asked").isTrue();
        assertThat(Levels.ofLevels(Level.of(labelled()).withCache(true), Level.of(labelled())).keepsLabels()).isTrue();
    }

    @Test
    void fanoutKeepsThemWhenEveryMemberDoes() {
        assertThat(Fanout.of(labelled(), labelled()).keepsLabels()).isTrue();
        assertThat(Fanout.of(labelled(), plain()).keepsLabels()).isFalse();
        assertThat(Levels.of(Fanout.of(labelled(), labelled()), new Small(labelled(), 10)).keepsLabels()).isTrue();
    }
}
