package io.tarn;

import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import io.tarn.lake.Lake;
import io.tarn.location.Entry;

import static org.assertj.core.api.Assertions.assertThat;

/** The first promise, checked as a user would: every key of a lake, read back, hashes to its value. */
public final class StoredValues {
    private StoredValues() {
    }

    /** Reads every key of the lake through {@link Lake#get} and hashes what it gives; {@code when} names the moment. */
    public static void assertEachHashesToItsKey(Lake lake, String when) throws IOException {
        List<Key> keys;
        try (Stream<Entry> contents = lake.contents()) {
            keys = contents.map(Entry::key).toList();
        }
        for (Key key : keys) {
            try (Value value = lake.get(key)) {
                assertThat(HexFormat.of().formatHex(lake.algorithm().newDigest().digest(TestData.readAll(value))))
                        .as("the value of %s after %s", key.hex(), when).isEqualTo(key.hex());
            }
        }
    }
}
