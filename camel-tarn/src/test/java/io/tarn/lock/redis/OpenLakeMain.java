package io.tarn.lock.redis;

import java.nio.file.Path;

import io.tarn.location.disk.DiskLocation;

/**
 * A child process of {@link RedisLockerTest}: opens the disk lake in the folder given and prints {@code opened}, or
 * the class and message of what was thrown (a missing class included).
 */
public final class OpenLakeMain {
    private OpenLakeMain() {
    }

    public static void main(String[] args) {
        try {
            DiskLocation.open(Path.of(args[0])).close();
            System.out.println("opened");
        } catch (Throwable e) {
            System.out.println(e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
