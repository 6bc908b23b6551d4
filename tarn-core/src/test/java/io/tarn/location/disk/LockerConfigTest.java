package io.tarn.location.disk;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.tarn.LocationSpecException;
import io.tarn.format.DiskConfig;
import io.tarn.format.LockerConfig;
import io.tarn.location.Locker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** config.yml's {@code locker:} read and written as Python tarn 0.14.0 reads and writes it. */
class LockerConfigTest {
    private static final String SRC = "/lake/config.yml";

    @Test
    void aRedisLockerAsPythonTarnsOwnTestsConfigureIt() {
        DiskConfig config = DiskConfig.parse("locker:\n  name: RedisLocker\n  args: [localhost]\n"
                                             + "  kwargs: {prefix: tarn.tests, expire: 10}\n", SRC);
        LockerConfig locker = config.locker();
        assertThat(locker.name()).isEqualTo("RedisLocker");
        assertThat(locker.isRedis()).isTrue();
        assertThat(locker.args()).containsExactly("localhost");
        assertThat(locker.kwargs()).containsExactlyInAnyOrderEntriesOf(Map.of("prefix", "tarn.tests", "expire", 10));
        assertThat(config.levels()).containsExactly(1, -1);
    }

    @Test
    void otherLockersTakeWhatTheirPythonConstructorsTake() {
        assertThat(DiskConfig.parse("locker: GlobalThreadLocker\n", SRC).locker()).isEqualTo(LockerConfig.named("GlobalThreadLocker"));
        assertThat(DiskConfig.parse("locker: {name: GlobalThreadLocker, kwargs: {timeout: 3}}\n", SRC).locker().kwargs())
                .containsEntry("timeout", 3);
        assertThat(DiskConfig.parse("locker: {name: GlobalThreadLocker, args: [null]}\n", SRC).locker().args()).hasSize(1);
        assertThat(DiskConfig.parse("locker: {name: DummyLocker, args: [], kwargs: {}}\n", SRC).locker())
                .isEqualTo(LockerConfig.named("DummyLocker"));
        assertThat(Lockers.open(LockerConfig.named("GlobalThreadLocker"), "a lake")).isSameAs(Locker.NONE);
        assertThat(Lockers.open(LockerConfig.named("DummyLocker"), "a lake")).isSameAs(Locker.NONE);
    }

    /** Expected texts: what Python tarn's init_storage wrote for the same StorageConfig (yaml.safe_dump, by hand). */
    static Stream<Arguments> pythonDumps() {
        return Stream.of(
                Arguments.of(new LockerConfig("RedisLocker", List.of("localhost"), Map.of("prefix", "tarn.tests", "expire", 10)),
                        "levels:\n- 1\n- -1\nlocker:\n  args:\n  - localhost\n  kwargs:\n    expire: 10\n"
                        + "    prefix: tarn.tests\n  name: RedisLocker\n"),
                Arguments.of(new LockerConfig("RedisLocker", List.of("127.0.0.1", 6379, 0),
                                Map.of("prefix", "yes", "expire", 10, "password", "a: b", "socket_timeout", 1.5)),
                        "levels:\n- 1\n- -1\nlocker:\n  args:\n  - 127.0.0.1\n  - 6379\n  - 0\n  kwargs:\n    expire: 10\n"
                        + "    password: 'a: b'\n    prefix: 'yes'\n    socket_timeout: 1.5\n  name: RedisLocker\n"),
                Arguments.of(new LockerConfig("GlobalThreadLocker", List.of(), Map.of("timeout", 3)),
                        "levels:\n- 1\n- -1\nlocker:\n  kwargs:\n    timeout: 3\n  name: GlobalThreadLocker\n"),
                Arguments.of(new LockerConfig("RedisLocker", List.of(), Map.of("prefix", "", "expire", 2, "host", "h")),
                        "levels:\n- 1\n- -1\nlocker:\n  kwargs:\n    expire: 2\n    host: h\n    prefix: ''\n"
                        + "  name: RedisLocker\n"));
    }

    @ParameterizedTest
    @MethodSource("pythonDumps")
    void writtenAsPythonTarnWritesItAndReadBack(LockerConfig locker, String python) {
        DiskConfig config = DiskConfig.defaults().withLocker(locker);
        assertThat(config.toYaml()).isEqualTo(python);
        assertThat(DiskConfig.parse(python, SRC)).isEqualTo(config);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "locker: RedisLocker|prefix and expire",
            "locker: {name: RedisLocker, kwargs: {prefix: p}}|'expire' is missing",
            "locker: {name: RedisLocker, kwargs: {expire: 10}}|'prefix' is missing",
            "locker: {name: RedisLocker, kwargs: {url: 'redis://h:6379/0', prefix: p, expire: 10}}|no 'url'",
            "locker: {name: RedisLocker, kwargs: {prefix: p, expire: 0}}|at least 1",
            "locker: {name: RedisLocker, kwargs: {prefix: p, expire: 1.5}}|whole seconds",
            "locker: {name: RedisLocker, kwargs: {prefix: 7, expire: 10}}|prefix must be a string",
            "locker: {name: RedisLocker, args: [h], kwargs: {host: h, prefix: p, expire: 10}}|host is given twice",
            "locker: {name: RedisLocker, args: [h, 6379, 0, null, 1, 1, true], kwargs: {prefix: p, expire: 10}}|too many args",
            "locker: {name: RedisLocker, args: [h, 99999], kwargs: {prefix: p, expire: 10}}|port",
            "locker: {name: RedisLocker, kwargs: {prefix: p, expire: 10, decode_responses: true}}|decode_responses",
            "locker: {name: DummyLocker, args: [1]}|too many args",
            "locker: {name: GlobalThreadLocker, kwargs: {timeout: soon}}|timeout",
            "locker: {name: RedisLocker, kwargs: {prefix: p, expire: 10}, options: {}}|unknown field",
            "locker: [RedisLocker]|expected a locker name",
            "locker: SpinLocker|not a locker of Python tarn"})
    void refusedWherePythonTarnWouldFailToOpenTheLake(String text, String why) {
        assertThatThrownBy(() -> DiskConfig.parse("levels: [1, -1]\n" + text + "\n", SRC))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("locker in " + SRC)
                .hasMessageContaining(why)
                .hasMessageContaining("line 2");
    }

    @Test
    void thePasswordIsNeverShown() {
        LockerConfig positional = new LockerConfig("RedisLocker", List.of("h", 6379, 0, "s3cret"), Map.of("prefix", "p", "expire", 1));
        LockerConfig named = new LockerConfig("RedisLocker", List.of(), Map.of("password", "s3cret", "prefix", "p", "expire", 1));
        assertThat(positional.toString()).doesNotContain("s3cret").contains("***");
        assertThat(DiskConfig.defaults().withLocker(named).toString()).doesNotContain("s3cret").contains("***");
    }

    @Test
    void aConfigDescribedInAMessageHidesTheLockersPassword() {
        DiskConfig config = DiskConfig.parse("levels: [1, -1]\nlocker:\n  args: [redis.internal, 6379, 0, s3cret]\n"
                                             + "  kwargs: {expire: 10, prefix: lake}\n  name: RedisLocker\n",
                "config.yml");
        assertThat(config.toYaml()).contains("s3cret");
        assertThat(config.describe()).doesNotContain("s3cret").contains("***").contains("RedisLocker");
    }
}
