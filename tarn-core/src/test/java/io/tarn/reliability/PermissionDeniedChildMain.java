package io.tarn.reliability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.tarn.WriteDeclinedException;
import io.tarn.lake.Lake;
import io.tarn.location.disk.DiskLocation;

/** Writes one value to the lake in args[0] and prints what happened, for {@link PermissionDeniedTest}. */
public final class PermissionDeniedChildMain {
    private PermissionDeniedChildMain() {
    }

    public static void main(String[] args) {
        try {
            new Lake(DiskLocation.open(Path.of(args[0]))).write("no permission".getBytes(StandardCharsets.UTF_8));
            System.out.println("written");
        } catch (WriteDeclinedException e) {
            System.out.println(e.getMessage());
        }
    }
}
