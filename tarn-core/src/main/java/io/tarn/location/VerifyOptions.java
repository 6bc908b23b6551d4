package io.tarn.location;

/**
 * What {@link Location#verify} may remove of what it finds. By default it deletes values that do not hash to their
 * key and temporary files older than a grace period, and reports foreign entries.
 *
 * @param reportOnly        remove nothing, report what was found (a location below a {@link io.tarn.location.combine.ReadOnly})
 * @param allTemporaryFiles clear every temporary file, not only those older than the grace period: only safe when
 *                          nobody is writing (after a crash, before restarting)
 * @param removeForeign     remove the foreign entries it reports: symbolic links, folders and special files where
 *                          values or temporary files belong (never followed: a link is removed, not its target)
 */
public record VerifyOptions(boolean reportOnly, boolean allTemporaryFiles, boolean removeForeign) {
    public static final VerifyOptions DEFAULT = new VerifyOptions(false, false, false);

    public VerifyOptions withAllTemporaryFiles(boolean value) {
        return new VerifyOptions(reportOnly, value, removeForeign);
    }

    public VerifyOptions withRemoveForeign(boolean value) {
        return new VerifyOptions(reportOnly, allTemporaryFiles, value);
    }

    /** What a read-only location is verified with: nothing removed. */
    public VerifyOptions reportingOnly() {
        return new VerifyOptions(true, false, false);
    }
}
