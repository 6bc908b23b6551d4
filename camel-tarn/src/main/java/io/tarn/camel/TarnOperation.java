package io.tarn.camel;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a tarn producer does with a message. */
public enum TarnOperation {
    /** Store the body; set the key header. */
    write,
    /** Replace the body with the value of the key. */
    read,
    /** Tell whether the key is stored. */
    contains,
    /** Delete the key from every writable location. */
    delete,
    /** Update the usage date of the key. */
    touch,
    /** Pull one key or a collection of keys into the upper levels of the lake. */
    fetch,
    /** List the stored keys. */
    list,
    /** Re-hash every stored value, delete the corrupt ones and clear stale temporary files; report in headers. */
    verify,
    /** Run the memoRoute sub-route at most once per input body, selected headers and code (memoization). */
    memo,
    /** Remove what the gc options say may go (by last use, keeping labels, memo outputs); the report is the body. */
    gc,
    /** Announce a stored value on the change feed (changes), as a write does: for values stored by other means. */
    publish;

    /**
     * @throws IllegalArgumentException naming the valid operations
     */
    public static TarnOperation parse(String text) {
        for (TarnOperation operation : values()) {
            if (operation.name().equalsIgnoreCase(text.trim())) {
                return operation;
            }
        }
        throw new IllegalArgumentException("Unknown tarn operation '" + text + "': use one of "
                                           + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
