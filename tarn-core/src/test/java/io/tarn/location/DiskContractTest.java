package io.tarn.location;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import io.tarn.format.DiskConfig;
import io.tarn.location.disk.DiskLocation;

/** The location contract on a disk lake that keeps usage dates and labels (StatUsage, JsonLabels). */
class DiskContractTest extends LocationContract {
    @TempDir
    Path root;

    @Override
    protected Location createLocation() {
        return DiskLocation.open(root.resolve("lake"), DiskConfig.defaults().withTools());
    }

    /** With Python tarn's default config, a disk lake keeps neither labels nor usage, and says so by dropping them. */
    static class PlainDisk extends LocationContract {
        @TempDir
        Path root;

        @Override
        protected Location createLocation() {
            return DiskLocation.open(root.resolve("lake"));
        }

        @Override
        protected boolean keepsLabels() {
            return false;
        }

        @Override
        protected boolean keepsUsage() {
            return false;
        }
    }
}
