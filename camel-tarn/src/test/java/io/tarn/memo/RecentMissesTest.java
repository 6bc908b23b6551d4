package io.tarn.memo;

import java.time.Instant;

import io.tarn.memo.MissReason.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The last misses per step, bounded per step and in steps. */
class RecentMissesTest {
    private static RecentMisses.Miss miss(String step, String key) {
        return new RecentMisses.Miss(Instant.now(), step, key, MissReason.of(Kind.INPUT_CHANGED));
    }

    @Test
    void keepsTheNewestPerStepAndForgetsTheStepThatMissedLongestAgo() {
        RecentMisses recent = new RecentMisses(2, 2);
        recent.add(miss("a", "1"));
        recent.add(miss("b", "2"));
        recent.add(miss("a", "3"));
        recent.add(miss("a", "4"));
        assertThat(recent.of("a")).extracting(RecentMisses.Miss::memoKey).containsExactly("4", "3");
        assertThat(recent.byStep().keySet()).containsExactly("b", "a");
        recent.add(miss("c", "5"));
        assertThat(recent.byStep().keySet()).containsExactly("a", "c");
        assertThat(recent.of("b")).isEmpty();
    }

    @Test
    void aBoundBelowOneIsRefused() {
        assertThatThrownBy(() -> new RecentMisses(0, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("perStep=0");
    }

    @Test
    void severalChangesComeMostTellingFirstAndNameAtMostEightItems() {
        MissReason reason = new MissReason(java.util.List.of(new MissReason.Change(Kind.INPUT_CHANGED, java.util.List.of()),
                new MissReason.Change(Kind.CODE_CHANGED, java.util.List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"))));
        assertThat(reason.kind()).isEqualTo(Kind.CODE_CHANGED);
        assertThat(reason.text()).isEqualTo("code changed: a, b, c, d, e, f, g, h and 2 more; input changed");
        assertThat(reason.what(Kind.CODE_CHANGED)).hasSize(10);
    }
}
