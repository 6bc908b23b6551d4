package io.tarn.format;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every text is either read as the duration it writes or refused with the option, the text and what is accepted. */
class DurationsTest {

    @Test
    void camelsDurationsAreRead() {
        assertThat(Durations.parse("90d", "x")).isEqualTo(Duration.ofDays(90));
        assertThat(Durations.parse("1h30m", "x")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("2d3h4m5s6ms", "x"))
                .isEqualTo(Duration.ofDays(2).plusHours(3).plusMinutes(4).plusSeconds(5).plusMillis(6));
        assertThat(Durations.parse(" 500ms ", "x")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("1500", "x")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("0", "x")).isZero();
        assertThat(Durations.parse("PT1H", "x")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("P2D", "x")).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void anythingElseIsRefusedNamingOptionTextAndGrammar() {
        for (String text : new String[] {"ninety", "3x", "90days", "1day", "", "-5s", "1.5h", "30m1h", "5m5m", "5 hours",
                                         "d", "10millis", "PT-1H", "99999999999999999999"}) {
            assertThatThrownBy(() -> Durations.parse(text, "gcOlderThan")).as(text)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + text + "'").hasMessageContaining("gcOlderThan")
                    .hasMessageContaining("90d, 12h, 1h30m");
        }
    }
}
