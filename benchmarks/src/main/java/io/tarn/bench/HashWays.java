package io.tarn.bench;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The ways the JDK can take the SHA-256 of one file, timed in interleaved rounds (median and minimum of each): read-only
 * mappings of 64 and 4 MiB (left to the garbage collector, which {@code System.gc()} after each way runs),
 * {@code FileInputStream} into 1 MiB and 256 KiB arrays, {@code FileChannel} into a 1 MiB heap buffer and into 1 MiB
 * and 256 KiB direct buffers. What chose the way the lake hashes a large local file (performance.md, P1). Usage:
 * {@code HashWays FILE ROUNDS}, the file in the page cache (read it once before).
 */
public final class HashWays {
    private HashWays() {
    }

    static byte[] mapped(Path p, int window) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (FileChannel c = FileChannel.open(p)) {
            long size = c.size();
            for (long pos = 0; pos < size; pos += window) {
                MappedByteBuffer b = c.map(FileChannel.MapMode.READ_ONLY, pos, Math.min(window, size - pos));
                d.update(b);
            }
        }
        return d.digest();
    }
    static byte[] stream(Path p, int buf) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        byte[] b = new byte[buf];
        try (InputStream in = new FileInputStream(p.toFile())) {
            for (int n; (n = in.read(b)) > 0; ) d.update(b, 0, n);
        }
        return d.digest();
    }
    static byte[] heapChannel(Path p, int buf) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        ByteBuffer b = ByteBuffer.allocate(buf);
        try (FileChannel c = FileChannel.open(p)) {
            while (c.read(b.clear()) > 0) { b.flip(); d.update(b.array(), 0, b.limit()); }
        }
        return d.digest();
    }
    static byte[] direct(Path p, int buf) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        ByteBuffer b = ByteBuffer.allocateDirect(buf);
        try (FileChannel c = FileChannel.open(p)) {
            while (c.read(b.clear()) > 0) { b.flip(); d.update(b); }
        }
        return d.digest();
    }
    public static void main(String[] a) throws Exception {
        Path p = Path.of(a[0]);
        int rounds = Integer.parseInt(a[1]);
        String[] ways = {"map64M", "map4M", "stream1M", "stream256K", "heapch1M", "direct1M", "direct256K"};
        double[][] t = new double[ways.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int w = 0; w < ways.length; w++) {
                long s = System.nanoTime();
                switch (ways[w]) {
                    case "map64M" -> mapped(p, 64 << 20);
                    case "map4M" -> mapped(p, 4 << 20);
                    case "stream1M" -> stream(p, 1 << 20);
                    case "stream256K" -> stream(p, 256 << 10);
                    case "heapch1M" -> heapChannel(p, 1 << 20);
                    case "direct1M" -> direct(p, 1 << 20);
                    case "direct256K" -> direct(p, 256 << 10);
                }
                t[w][r] = (System.nanoTime() - s) / 1e9;
                System.gc();
            }
        }
        for (int w = 0; w < ways.length; w++) {
            double[] x = t[w].clone(); java.util.Arrays.sort(x);
            System.out.printf("%-11s min %.3f median %.3f s%n", ways[w], x[0], x[x.length / 2]);
        }
    }
}
