package io.tarn.spec;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@link LeafFactory}s one parse knows, by scheme (those registered through {@link ServiceLoader}, and the
 * caller's, which take precedence), and which of them a leaf's text goes to.
 */
final class LeafSchemes {
    /** The factories found on the class path, by scheme. */
    private static final Map<String, LeafFactory> REGISTERED = bySchemes(ServiceLoader.load(LeafFactory.class,
            LeafSchemes.class.getClassLoader()));

    private final Map<String, LeafFactory> schemes;

    LeafSchemes(Collection<? extends LeafFactory> factories) {
        schemes = new HashMap<>(REGISTERED);
        schemes.putAll(bySchemes(factories));
    }

    /** The schemes registered through {@link ServiceLoader}, e.g. {@code disk}. */
    static Set<String> registered() {
        return Collections.unmodifiableSet(new TreeSet<>(REGISTERED.keySet()));
    }

    /** The factory of the leaf's scheme, or null when none knows it. */
    LeafFactory of(String leaf) {
        return schemes.get(scheme(leaf));
    }

    /** The scheme of a leaf: a folder is a {@code disk} leaf; else the text before the first ':', if any. */
    private static String scheme(String leaf) {
        if (leaf.startsWith("/") || leaf.startsWith("./") || leaf.startsWith("../") || leaf.startsWith("~/")) {
            return "disk";
        }
        int colon = leaf.indexOf(':');
        return colon < 0 ? "" : leaf.substring(0, colon);
    }

    private static Map<String, LeafFactory> bySchemes(Iterable<? extends LeafFactory> factories) {
        Map<String, LeafFactory> schemes = new HashMap<>();
        for (LeafFactory factory : factories) {
            factory.schemes().forEach(scheme -> schemes.put(scheme, factory));
        }
        return schemes;
    }
}
