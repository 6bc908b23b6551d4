package io.tarn.reliability.model;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import io.tarn.lifecycle.GcPolicy;

/**
 * One gc, in either process: the policy it ran with, when it started and the cut-off that followed (a value last used
 * before it may go), and whether it ran or refused (and why).
 *
 * @param refusal null when it ran; else the exception it threw
 */
record GcRun(String who, Kind kind, Instant started, Instant cutoff, String refusal) {

    /**
     * The policies the model runs. Values are made old by setting their usage marks and files back ten days
     * ({@link LakeModel#age}), so {@code olderThan=1d} removes exactly what was not used since.
     */
    enum Kind {
        AGE("gc olderThan=1d grace=0", GcPolicy.olderThan(Duration.ofDays(1)).withGrace(Duration.ZERO)),
        AGE_KEEP("gc olderThan=1d grace=0 keepLabels=keep", GcPolicy.olderThan(Duration.ofDays(1))
                .withGrace(Duration.ZERO).keepingLabels("keep")),
        AGE_DRY("gc olderThan=1d grace=0 dryRun", GcPolicy.olderThan(Duration.ofDays(1)).withGrace(Duration.ZERO)
                .dryRun(true)),
        AGE_GRACE("gc olderThan=1d (grace 1m)", GcPolicy.olderThan(Duration.ofDays(1))),
        /** Everything not used since gc started: a race with every use of the other process. */
        TINY("gc olderThan=0 grace=0", GcPolicy.olderThan(Duration.ZERO).withGrace(Duration.ZERO));

        final String text;
        final GcPolicy policy;

        Kind(String text, GcPolicy policy) {
            this.text = text;
            this.policy = policy;
        }

        /** A value last used before this may go by this policy, for a gc started at {@code started}. */
        Instant cutoff(Instant started) {
            Instant since = started.minus(policy.grace());
            Instant age = started.minus(policy.olderThan());
            return age.isBefore(since) ? age : since;
        }

        Set<String> keep() {
            return policy.keepLabels();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    boolean removes() {
        return refusal == null && !kind.policy.dryRun();
    }

    /** Whether this gc may remove a value last used at {@code lastUse} with these labels. */
    boolean mayRemove(Instant lastUse, Set<String> labels) {
        return removes() && (lastUse == null || lastUse.isBefore(cutoff))
               && labels.stream().noneMatch(kind.keep()::contains);
    }

    String line() {
        return "G " + who + " " + kind.name() + " " + Use.micros(started) + " " + Use.micros(cutoff) + " "
               + (refusal == null ? "-" : URLEncoder.encode(refusal, StandardCharsets.UTF_8));
    }

    static GcRun parse(String line) {
        String[] f = line.split(" ");
        return new GcRun(f[1], Kind.valueOf(f[2]), Use.instant(f[3]), Use.instant(f[4]),
                f[5].equals("-") ? null : URLDecoder.decode(f[5], StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return who + " " + kind + " started " + started + " (cut-off " + cutoff + ")"
               + (refusal == null ? "" : " refused: " + refusal);
    }
}
