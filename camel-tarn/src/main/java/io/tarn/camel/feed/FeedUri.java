package io.tarn.camel.feed;

import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.util.URISupport;

/**
 * The endpoint URIs of a change feed, from the URI the user gives ({@code changes}): on {@code kafka:}, the options
 * that keep the feed's promises are added unless given — a publish bounded in time, offsets committed only once an
 * exchange is done, a new group reading from the start — and options that would break them are refused. Other
 * schemes are used as given.
 */
public final class FeedUri {
    /** How long a kafka publish may wait for the broker, by default (maxBlockMs, requestTimeoutMs, deliveryTimeoutMs). */
    public static final int PUBLISH_TIMEOUT_MS = 5000;

    private FeedUri() {
    }

    /** The URI a writer publishes to. */
    public static String forWriters(String changes) {
        String uri = changes.trim();
        if (!isKafka(uri)) {
            return uri;
        }
        Map<String, Object> given = options(uri);
        Map<String, Object> added = new LinkedHashMap<>();
        added.put("maxBlockMs", PUBLISH_TIMEOUT_MS);
        added.put("requestTimeoutMs", PUBLISH_TIMEOUT_MS);
        added.put("deliveryTimeoutMs", PUBLISH_TIMEOUT_MS);
        return withDefaults(uri, given, added);
    }

    /**
     * The URI a consumer of group {@code group} reads from.
     *
     * @throws IllegalArgumentException naming the option when the URI contradicts the group or the commit the
     *                                  consumer needs
     */
    public static String forGroup(String changes, String group, String where) {
        String uri = changes.trim();
        if (!isKafka(uri)) {
            return uri;
        }
        Map<String, Object> given = options(uri);
        Object named = given.get("groupId");
        if (group != null && !group.isBlank() && named != null && !named.toString().equals(group)) {
            throw new IllegalArgumentException(where + ": the groupId option (" + group + ") and the groupId of the"
                                               + " changes URI (" + named + ") differ: give the group once");
        }
        refuse(given, "allowManualCommit", "false", where);
        refuse(given, "autoCommitEnable", "true", where);
        refuse(given, "batching", "true", where);
        if (given.containsKey("kafkaManualCommitFactory")) {
            throw new IllegalArgumentException(where + ": the changes URI sets kafkaManualCommitFactory: remove it (the"
                                               + " consumer uses camel-kafka's synchronous commit manager, so that a value"
                                               + " is committed only once its exchange is done)");
        }
        Map<String, Object> added = new LinkedHashMap<>();
        if (named == null) {
            added.put("groupId", group.matches("[A-Za-z0-9._-]+") ? group : "RAW(" + group + ")");
        }
        // camel-kafka's SyncCommitManager (chosen by this factory; without one, allowManualCommit commits nothing by
        // itself): each record's offset is recorded once its exchange is done and committed after the poll's records
        // of that partition, and when a partition is revoked; a failed exchange is sought back and retried
        added.put("allowManualCommit", true);
        added.put("autoCommitEnable", false);
        added.put("kafkaManualCommitFactory", "#class:org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommitFactory");
        added.put("breakOnFirstError", true);
        added.put("autoOffsetReset", "earliest");
        return withDefaults(uri, given, added);
    }

    /** Whether the changes URI names a consumer group (the groupId of a kafka URI). */
    public static boolean namesGroup(String changes) {
        return isKafka(changes.trim()) && options(changes.trim()).get("groupId") != null;
    }

    private static void refuse(Map<String, Object> given, String option, String value, String where) {
        Object set = given.get(option);
        if (set != null && set.toString().equalsIgnoreCase(value)) {
            throw new IllegalArgumentException(where + ": the changes URI sets " + option + "=" + set + ", with which"
                                               + " a value could be committed before its exchange is done: remove it"
                                               + " (the consumer commits each value once its exchange is done)");
        }
    }

    private static boolean isKafka(String uri) {
        return uri.startsWith("kafka:");
    }

    private static Map<String, Object> options(String uri) {
        int query = uri.indexOf('?');
        if (query < 0) {
            return Map.of();
        }
        try {
            return URISupport.parseQuery(uri.substring(query + 1), true);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("The changes URI " + URISupport.sanitizeUri(uri) + " has options that"
                                               + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static String withDefaults(String uri, Map<String, Object> given, Map<String, Object> defaults) {
        StringBuilder out = new StringBuilder(uri);
        char separator = uri.indexOf('?') < 0 ? '?' : '&';
        for (Map.Entry<String, Object> option : defaults.entrySet()) {
            if (!given.containsKey(option.getKey())) {
                out.append(separator).append(option.getKey()).append('=').append(option.getValue());
                separator = '&';
            }
        }
        return out.toString();
    }
}
