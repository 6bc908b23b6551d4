package io.tarn.format;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link DiskConfig} as config.yml text, byte for byte what Python tarn 0.14.0 writes for the same settings
 * under pydantic 1.
 */
final class ConfigYamlWriter {
    private ConfigYamlWriter() {
    }

    /** See {@link DiskConfig#toYaml()}. */
    static String toYaml(DiskConfig config) {
        Map<String, Object> out = new TreeMap<>();
        if (config.freeDiskSize() != 0) {
            out.put("free_disk_size", config.freeDiskSize());
        }
        if (config.hash() != null) {
            Map<String, Object> hash = new TreeMap<>(config.hash().kwargs());
            hash.put("name", config.hash().name());
            out.put("hash", hash);
        }
        out.put("levels", config.levels());
        putTool(out, "labels", config.labels());
        if (config.locker() != null) {
            out.put("locker", config.locker());
        }
        if (config.maxSize() != null) {
            out.put("max_size", config.maxSize());
        }
        putTool(out, "size", config.size());
        putTool(out, "usage", config.usage());
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Object> e : out.entrySet()) {
            text.append(e.getKey()).append(':');
            if (e.getValue() instanceof List<?> list) {
                text.append('\n');
                list.forEach(item -> text.append("- ").append(item).append('\n'));
            } else if (e.getValue() instanceof LockerConfig tool) {
                text.append('\n').append(tool.toYaml());
            } else if (e.getValue() instanceof Map<?, ?> map) {
                text.append('\n');
                map.forEach((k, v) -> text.append("  ").append(k).append(": ").append(scalar(v)).append('\n'));
            } else {
                text.append(' ').append(scalar(e.getValue())).append('\n');
            }
        }
        return text.toString();
    }

    /** A value as PyYAML writes it: {@code {}}, {@code true}, {@code 32}, {@code JsonLabels}. */
    private static String scalar(Object value) {
        return value instanceof Map<?, ?> map && map.isEmpty() ? "{}" : String.valueOf(value);
    }

    /** A tool as pydantic 1 dumps tarn's ToolConfig: its empty args left out (the default), its empty kwargs kept. */
    private static void putTool(Map<String, Object> out, String key, String name) {
        if (name != null) {
            Map<String, Object> tool = new TreeMap<>();
            tool.put("kwargs", Map.of());
            tool.put("name", name);
            out.put(key, tool);
        }
    }
}
