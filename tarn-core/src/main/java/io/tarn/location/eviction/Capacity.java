package io.tarn.location.eviction;

import io.tarn.LocationSpecException;
import io.tarn.format.Sizes;

/**
 * How much a cache level may hold: a number of bytes, a number of values, or both (whichever is reached first). A
 * level past it evicts its least recently used values down to {@code lowWatermark} of each bound, so that eviction
 * runs in batches, not once per value.
 *
 * @param bytes        most bytes, or 0 for no bound on bytes
 * @param values       most values, or 0 for no bound on their number
 * @param lowWatermark the fraction of each bound a batch evicts down to, in (0, 1]
 */
public record Capacity(long bytes, long values, double lowWatermark) {
    /** A batch evicts down to 90% of the capacity. */
    public static final double DEFAULT_LOW_WATERMARK = 0.9;

    public Capacity {
        if (bytes < 0 || values < 0 || bytes == 0 && values == 0) {
            throw new LocationSpecException("A capacity needs a positive number of bytes or values (got bytes=" + bytes
                                            + ", values=" + values + "), e.g. capacity=200GiB or capacityValues=100000");
        }
        if (!(lowWatermark > 0 && lowWatermark <= 1)) {
            throw new LocationSpecException("The low watermark of a capacity is a fraction in (0, 1], got "
                                            + lowWatermark);
        }
    }

    public static Capacity ofBytes(long bytes) {
        return new Capacity(bytes, 0, DEFAULT_LOW_WATERMARK);
    }

    public static Capacity ofValues(long values) {
        return new Capacity(0, values, DEFAULT_LOW_WATERMARK);
    }

    /** A size as the spec and config.yml write it: {@code 200GiB}, {@code 10G}, a bare number of bytes. */
    public static Capacity parse(String size) {
        return ofBytes(Sizes.parse(size, "capacity"));
    }

    /** This capacity bounding bytes too (0: not). */
    public Capacity withBytes(long value) {
        return new Capacity(value, values, lowWatermark);
    }

    /** This capacity bounding the number of values too (0: not). */
    public Capacity withValues(long value) {
        return new Capacity(bytes, value, lowWatermark);
    }

    public Capacity withLowWatermark(double fraction) {
        return new Capacity(bytes, values, fraction);
    }

    /** Whether {@code heldValues} values of {@code heldBytes} bytes are past this capacity. */
    public boolean exceededBy(long heldValues, long heldBytes) {
        return bytes > 0 && heldBytes > bytes || values > 0 && heldValues > values;
    }

    /**
     * Whether {@code heldValues} values of {@code heldBytes} bytes are past this capacity plus one batch (what a batch
     * evicts: from each bound down to the low watermark): a bounded level that holds that much takes no more copies.
     */
    public boolean exceededByMoreThanABatch(long heldValues, long heldBytes) {
        return bytes > 0 && heldBytes > 2 * bytes - (long) (bytes * lowWatermark)
               || values > 0 && heldValues > 2 * values - (long) (values * lowWatermark);
    }

    /** Whether {@code heldValues} values of {@code heldBytes} bytes are at or below the low watermark. */
    public boolean drainedTo(long heldValues, long heldBytes) {
        return (bytes == 0 || heldBytes <= (long) (bytes * lowWatermark))
               && (values == 0 || heldValues <= (long) (values * lowWatermark));
    }

    /** The spec's options for this capacity, e.g. {@code capacity=200GiB, capacityValues=1000}. */
    public String spec() {
        StringBuilder out = new StringBuilder();
        if (bytes > 0) {
            out.append("capacity=").append(Sizes.format(bytes));
        }
        if (values > 0) {
            out.append(out.isEmpty() ? "" : ", ").append("capacityValues=").append(values);
        }
        if (lowWatermark != DEFAULT_LOW_WATERMARK) {
            out.append(", lowWatermark=").append(lowWatermark);
        }
        return out.toString();
    }
}
