package io.tarn.camel.memo;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.tarn.Json;
import io.tarn.memo.Fingerprint;
import io.tarn.memo.Fingerprinter;
import io.tarn.memo.ObjectState;
import io.tarn.memo.Bytecode;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.support.EndpointHelper;

/**
 * The fingerprint of a route: its definition in a canonical text form, plus the code of the processors and beans it
 * calls, plus (recursively) the routes it sends to through {@code direct:} or {@code seda:}.
 * <p>
 * The canonical form walks Camel's model objects field by field (every EIP option, expression text and language,
 * endpoint URI with property placeholders resolved) and leaves out what does not change behaviour: node ids
 * (generated ids differ from one CamelContext to the next), descriptions, notes and source locations. Objects that are
 * not model objects (a processor instance, a bean, an aggregation strategy) count by their code (see
 * {@link Fingerprinter}); beans named by reference ({@code ref}, {@code bean:name}) are looked up in the registry,
 * classes named by type ({@code beanType}, {@code class:}) are resolved.
 */
public final class RouteFingerprint {
    private static final Set<String> SKIPPED = Set.of("camelContext", "id", "customId", "description", "note",
            "lineNumber", "location", "blocks", "parent", "routeConfiguration", "interceptStrategies", "index", "prepared",
            "inlined", "appliedRouteConfigurationIds", "resource", "routeTemplateContext", "endpointUriToString",
            "endpoint", "endpointProducerBuilder", "endpointConsumerBuilder", "errorHandlerFactory");

    private final CamelContext context;
    private final Fingerprinter fingerprinter;

    public RouteFingerprint(CamelContext context, Fingerprinter fingerprinter) {
        this.context = context;
        this.fingerprinter = fingerprinter;
    }

    /**
     * @param fromUri the URI the route consumes from, e.g. {@code direct:step}
     * @throws IllegalArgumentException when no route of the CamelContext consumes from it
     */
    public Fingerprint of(String fromUri) {
        Fingerprint.Builder parts = new Fingerprint.Builder();
        if (!addRoute(fromUri, parts)) {
            throw new IllegalArgumentException("No route consumes from '" + fromUri + "' in CamelContext "
                                               + context.getName() + ": memoRoute must name the from URI of a route");
        }
        return parts.build();
    }

    /** The canonical text of the route that consumes from the URI (for debugging a miss). */
    public String canonical(String fromUri) {
        RouteDefinition route = find(fromUri);
        return route == null ? null : new Walk(new Fingerprint.Builder()).text(route);
    }

    private boolean addRoute(String fromUri, Fingerprint.Builder parts) {
        RouteDefinition route = find(fromUri);
        if (route == null) {
            return false;
        }
        String name = "route " + route.getInput().getEndpointUri();
        if (!parts.has(name)) {
            parts.add(name, "");   // placeholder against cycles; replaced below
            String text = new Walk(parts).text(route);
            parts.replace(name, Fingerprint.sha256(text.getBytes(StandardCharsets.UTF_8)));
            parts.detail(name, text);
        }
        return true;
    }

    private RouteDefinition find(String fromUri) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        for (RouteDefinition route : model.getRouteDefinitions()) {
            if (route.getInput() != null && EndpointHelper.matchEndpoint(context, route.getInput().getEndpointUri(), fromUri)) {
                return route;
            }
        }
        return null;
    }

    /** One canonical rendering; code found on the way goes into {@code parts}. */
    private final class Walk {
        private final Fingerprint.Builder parts;
        private final Map<Object, Boolean> visiting = new IdentityHashMap<>();

        Walk(Fingerprint.Builder parts) {
            this.parts = parts;
        }

        String text(RouteDefinition route) {
            StringBuilder out = new StringBuilder();
            value(route, out);
            return out.toString();
        }

        private void value(Object value, StringBuilder out) {
            if (value == null) {
                out.append("null");
            } else if (value instanceof String text) {
                string(text, out);
            } else if (value instanceof Number || value instanceof Boolean || value instanceof Character
                       || value instanceof Enum<?>) {
                out.append(value);
            } else if (value instanceof Class<?> type) {
                out.append("class ").append(type.getName());
                fingerprinter.addClass(type, parts);
            } else if (value instanceof Endpoint endpoint) {
                uri(endpoint.getEndpointUri(), out);
            } else if (value instanceof Collection<?> items) {
                out.append('[');
                items.forEach(item -> {
                    value(item, out);
                    out.append(", ");
                });
                out.append(']');
            } else if (value instanceof Map<?, ?> map) {
                Map<String, Object> sorted = new TreeMap<>();
                map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
                out.append('{');
                sorted.forEach((k, v) -> {
                    out.append(Json.quote(k)).append(": ");
                    value(v, out);
                    out.append(", ");
                });
                out.append('}');
            } else if (value.getClass().getName().startsWith("org.apache.camel.model.")) {
                model(value, out);
            } else {
                code(value, out);
            }
        }

        private void model(Object node, StringBuilder out) {
            if (visiting.put(node, true) != null) {
                out.append("<cycle>");
                return;
            }
            out.append(node.getClass().getSimpleName()).append('{');
            // senders and consumers may name their endpoint by a URI, an Endpoint or an endpoint-DSL builder
            boolean endpointNode = node instanceof SendDefinition<?> || node instanceof FromDefinition;
            if (endpointNode) {
                out.append("uri=");
                uri(node instanceof SendDefinition<?> send ? send.getEndpointUri() : ((FromDefinition) node).getEndpointUri(), out);
                out.append(", ");
            }
            for (Field field : fields(node.getClass())) {
                if (endpointNode && field.getName().equals("uri")) {
                    continue;
                }
                Object fieldValue;
                try {
                    field.setAccessible(true);
                    fieldValue = field.get(node);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    continue;
                }
                if (fieldValue == null || fieldValue instanceof Collection<?> c && c.isEmpty()
                    || fieldValue instanceof Map<?, ?> m && m.isEmpty()) {
                    continue;
                }
                out.append(field.getName()).append('=');
                if (fieldValue instanceof String text && field.getName().equals("uri")) {
                    uri(text, out);
                } else if (fieldValue instanceof String text && field.getName().equals("ref")) {
                    reference(text, out);
                } else if (fieldValue instanceof String text && field.getName().equals("beanType")) {
                    type(text, out);
                } else {
                    value(fieldValue, out);
                }
                out.append(", ");
            }
            out.append('}');
            visiting.remove(node);
        }

        private void uri(String uri, StringBuilder out) {
            String resolved = resolve(uri);
            string(resolved, out);
            int colon = resolved == null ? -1 : resolved.indexOf(':');
            if (colon < 0) {
                return;
            }
            String scheme = resolved.substring(0, colon);
            String path = resolved.substring(colon + 1).replaceFirst("^//", "").replaceFirst("\\?.*$", "");
            switch (scheme) {
                case "direct", "seda" -> addRoute(resolved, parts);
                case "bean" -> reference(path, new StringBuilder());
                case "class" -> type(path, new StringBuilder());
                default -> {
                }
            }
        }

        private void reference(String name, StringBuilder out) {
            string(name, out);
            Object bean = context.getRegistry().lookupByName(resolve(name));
            if (bean != null) {
                out.append(" -> ");
                code(bean, out);
            }
        }

        private void type(String name, StringBuilder out) {
            string(name, out);
            Class<?> type = context.getClassResolver().resolveClass(resolve(name));
            if (type != null) {
                fingerprinter.addClass(type, parts);
            }
        }

        private void code(Object code, StringBuilder out) {
            Class<?> type = code.getClass();
            out.append(Fingerprinter.isLambda(type) ? "lambda" : type.getName());
            if (Bytecode.isLibrary(type)) {
                // library objects (Camel's expressions, strategies) count by their jar and their description
                String text = String.valueOf(code);
                if (!text.matches(".*@[0-9a-f]+$")) {
                    out.append('(').append(Json.quote(text)).append(')');
                }
            } else {
                // the user's processors and beans count by their state too: new Resize(100) is not new Resize(200)
                ObjectState.Result state = fingerprinter.state(code, parts);
                if (!state.fields().isEmpty()) {
                    out.append(" state ").append(state.digest());
                }
            }
            fingerprinter.addCode(code, parts);
        }

        private void string(String text, StringBuilder out) {
            out.append(text == null ? "null" : Json.quote(resolve(text)));
        }

        private String resolve(String text) {
            if (text == null || !text.contains("{{")) {
                return text;
            }
            try {
                return context.resolvePropertyPlaceholders(text);
            } catch (RuntimeException e) {
                return text;
            }
        }
    }

    private static List<Field> fields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers) && !SKIPPED.contains(field.getName())) {
                    fields.add(field);
                }
            }
        }
        fields.sort(Comparator.comparing(Field::getName));
        return Collections.unmodifiableList(fields);
    }
}
