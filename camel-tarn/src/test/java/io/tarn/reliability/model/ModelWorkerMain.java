package io.tarn.reliability.model;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The second process of the model: runs what the parent sends on its standard input, one line each, and says
 * {@code ready} first. {@code open LOG INBOX SPEC} (each URL-encoded) opens a chain's tree, as the parent opened it
 * (closing the one before), and says {@code opened} (or {@code failed WHY}); {@code close} closes it and says
 * {@code closed}; {@code burst N OP...} runs operations on it, where an OP is {@code w:ID:LABELS:MODE} (write;
 * LABELS comma-separated or {@code -}), {@code r:ID} (read, hashing every byte), {@code t:ID} (touch), {@code f:ID}
 * (fetch), {@code g:KIND} (gc, {@link GcRun.Kind}) or {@code e} (an eviction batch), saying {@code started N} and
 * {@code done N}, and appends what each operation returned, with its times, to LOG, one line each, written through
 * before the next operation starts: what it acknowledged before a SIGKILL is in the log. {@code quit} ends it.
 */
public final class ModelWorkerMain {
    private Rig rig;
    private OutputStream log;
    private Path inbox;

    private ModelWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        ModelWorkerMain worker = new ModelWorkerMain();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        say("ready");
        for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
            String[] words = line.split(" ");
            switch (words[0]) {
                case "open" -> worker.open(decode(words[1]), decode(words[2]), decode(words[3]));
                case "close" -> {
                    worker.close();
                    say("closed");
                }
                default -> worker.burst(words);
            }
        }
        worker.close();
        System.exit(0);
    }

    private void open(String logFile, String inboxFolder, String spec) throws IOException {
        close();
        try {
            rig = Rig.open(spec);
        } catch (RuntimeException e) {
            say("failed " + URLEncoder.encode(Ops.describe(e), StandardCharsets.UTF_8));
            return;
        }
        log = new FileOutputStream(logFile, true);
        inbox = Path.of(inboxFolder);
        say("opened");
    }

    private void close() throws IOException {
        if (rig != null) {
            rig.close();
            log.close();
            rig = null;
        }
    }

    private void burst(String[] words) throws IOException {
        say("started " + words[1]);
        for (int i = 2; i < words.length; i++) {
            String entry = run(words[i]);
            // one write(2) per line, no buffer in this process: a SIGKILL loses no line written
            log.write((entry + "\n").getBytes(StandardCharsets.UTF_8));
        }
        say("done " + words[1]);
    }

    private String run(String op) {
        String[] f = op.split(":");
        return switch (f[0]) {
            case "w" -> Ops.write("child", rig.lake, Integer.parseInt(f[1]),
                    f[2].equals("-") ? Set.of() : Set.of(f[2].split(",")), Ops.Mode.valueOf(f[3]), inbox).line();
            case "r" -> Ops.read("child", rig.lake, Integer.parseInt(f[1])).line();
            case "t" -> Ops.touch("child", rig.lake, Integer.parseInt(f[1])).line();
            case "f" -> Ops.fetch("child", rig.lake, List.of(Integer.parseInt(f[1]))).get(0).line();
            case "g" -> Ops.gc("child", rig.lake, GcRun.Kind.valueOf(f[1])).line();
            case "e" -> "E child " + rig.evict();
            default -> throw new IllegalArgumentException("unknown operation " + op);
        };
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
