package io.tarn.memo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The fingerprint parts that differ between two runs, by name: {@code class demo.Score} (its bytecode changed),
 * {@code method demo.Score.process(...)V}, {@code state demo.Score.width}, {@code route direct:score} with what changed
 * in its definition (see {@link CanonicalTextDiff});
 * {@code ... (new)} for a part the code did not reach before, {@code ... (gone)} for one it no longer reaches, and a
 * library's new version as {@code jar g:a:2.0 (was 1.0)}.
 */
final class PartsDiff {
    private PartsDiff() {
    }

    static List<String> of(Fingerprint then, Fingerprint code) {
        SortedMap<String, String> before = then.parts();
        SortedMap<String, String> now = code.parts();
        SortedMap<String, String> named = new TreeMap<>();
        Map<String, String> goneJars = new TreeMap<>();
        before.forEach((name, digest) -> {
            if (!now.containsKey(name)) {
                if (artifact(name) != null) {
                    goneJars.put(artifact(name), name);
                } else {
                    named.put(name, name + " (gone)");
                }
            }
        });
        now.forEach((name, digest) -> {
            if (!before.containsKey(name)) {
                String was = artifact(name) == null ? null : goneJars.remove(artifact(name));
                named.put(name, was == null ? name + " (new)" : name + " (was " + version(was) + ")");
            } else if (!before.get(name).equals(digest)) {
                String was = then.details().get(name);
                String is = code.details().get(name);
                named.put(name, was == null || is == null ? name : name + ": " + CanonicalTextDiff.describe(was, is));
            }
        });
        goneJars.values().forEach(name -> named.put(name, name + " (gone)"));
        return new ArrayList<>(named.values());
    }

    /** {@code jar g:a} of a part {@code jar g:a:v}, else null. */
    private static String artifact(String part) {
        if (!part.startsWith("jar ") || part.chars().filter(c -> c == ':').count() != 2) {
            return null;
        }
        return part.substring(0, part.lastIndexOf(':'));
    }

    private static String version(String part) {
        return part.substring(part.lastIndexOf(':') + 1);
    }
}
