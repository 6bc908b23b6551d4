package io.tarn.reliability.model;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

/**
 * The second process of the model: opens the same tree as the parent ({@code SPEC}) and runs the bursts of operations
 * the parent sends on its standard input, one line each: {@code burst N OP...}, where an OP is {@code w:ID:LABELS:MODE}
 * (write; LABELS comma-separated or {@code -}), {@code r:ID} (read, hashing every byte), {@code t:ID} (touch),
 * {@code f:ID} (fetch), {@code g:KIND} (gc, {@link GcRun.Kind}) or {@code e} (an eviction batch). It says
 * {@code started N} and {@code done N} on its standard output, and appends what each operation returned, with its
 * times, to LOG, one line each, written through before the next operation starts: what it acknowledged before a
 * SIGKILL is in the log. {@code quit} ends it.
 */
public final class ModelWorkerMain {
    private ModelWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        String spec = args[0];
        Path inbox = Path.of(args[2]);
        try (Rig rig = Rig.open(spec);
             OutputStream log = new FileOutputStream(args[1], true)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            System.out.println("ready");
            System.out.flush();
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                String[] words = line.split(" ");
                System.out.println("started " + words[1]);
                System.out.flush();
                for (int i = 2; i < words.length; i++) {
                    String entry = run(rig, words[i], inbox);
                    // one write(2) per line, no buffer in this process: a SIGKILL loses no line written
                    log.write((entry + "\n").getBytes(StandardCharsets.UTF_8));
                }
                System.out.println("done " + words[1]);
                System.out.flush();
            }
        }
        System.exit(0);
    }

    private static String run(Rig rig, String op, Path inbox) throws IOException {
        String[] f = op.split(":");
        return switch (f[0]) {
            case "w" -> Ops.write("child", rig.lake, Integer.parseInt(f[1]),
                    f[2].equals("-") ? Set.of() : Set.of(f[2].split(",")), Ops.Mode.valueOf(f[3]), inbox).line();
            case "r" -> Ops.read("child", rig.lake, Integer.parseInt(f[1])).line();
            case "t" -> Ops.touch("child", rig.lake, Integer.parseInt(f[1])).line();
            case "f" -> Ops.fetch("child", rig.lake, java.util.List.of(Integer.parseInt(f[1]))).get(0).line();
            case "g" -> Ops.gc("child", rig.lake, GcRun.Kind.valueOf(f[1])).line();
            case "e" -> "E child " + rig.evict();
            default -> throw new IllegalArgumentException("unknown operation " + op);
        };
    }
}
