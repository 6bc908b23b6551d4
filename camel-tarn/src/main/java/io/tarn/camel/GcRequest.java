package io.tarn.camel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.camel.Message;

import io.tarn.format.Durations;
import io.tarn.lake.Lake;
import io.tarn.lifecycle.GcPolicy;
import io.tarn.memo.MemoIndex;
import io.tarn.memo.MemoSweep;

/** The {@link GcPolicy} of a gc exchange: the endpoint's gc options, each overridden by its header when present. */
final class GcRequest {
    private GcRequest() {
    }

    static GcPolicy policy(TarnConfiguration configuration, Message in, Lake lake) {
        long olderThan = olderThan(in.getHeader(TarnConstants.GC_OLDER_THAN), configuration.getGcOlderThan());
        GcPolicy policy = GcPolicy.none()
                .withOlderThan(olderThan > 0 ? Duration.ofMillis(olderThan) : null)
                .keepingLabels(names(in.getHeader(TarnConstants.GC_KEEP_LABELS), configuration.getGcKeepLabels()))
                .onlyIn(names(in.getHeader(TarnConstants.GC_LOCATIONS), configuration.getGcLocations()))
                .withGrace(Duration.ofMillis(Math.max(0, configuration.getGcGrace())))
                .dryRun(in.getHeader(TarnConstants.GC_DRY_RUN, configuration.isDryRun(), Boolean.class));
        if (configuration.isGcMemo() || configuration.isKeepCurrentCodeOnly()) {
            MemoIndex index = configuration.getMemoIndex() != null ? new MemoIndex(configuration.getMemoIndex())
                    : MemoIndex.besideLake(lake, false);
            MemoSweep sweep = MemoSweep.of(index);
            policy = policy.withIndex(configuration.isKeepCurrentCodeOnly() ? sweep.keepingCurrentCodeOnly() : sweep);
        }
        return policy;
    }

    private static long olderThan(Object header, long option) {
        if (header == null) {
            return option;
        }
        if (header instanceof Duration duration) {
            return duration.toMillis();
        }
        if (header instanceof Number number) {
            return number.longValue();
        }
        return Durations.parse(header.toString(), "the header " + TarnConstants.GC_OLDER_THAN).toMillis();
    }

    private static String[] names(Object header, String option) {
        List<String> names = new ArrayList<>();
        if (header instanceof Collection<?> many) {
            many.forEach(item -> names.add(String.valueOf(item).trim()));
        } else {
            String text = header != null ? header.toString() : option;
            if (text != null) {
                for (String part : text.split(",")) {
                    names.add(part.trim());
                }
            }
        }
        return names.stream().filter(name -> !name.isEmpty()).toArray(String[]::new);
    }
}
