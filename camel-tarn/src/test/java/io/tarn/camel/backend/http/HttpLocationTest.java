package io.tarn.camel.backend.http;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.LocationSpecException;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.camel.backend.SharedCamel;
import io.tarn.camel.backend.servers.NginxServer;
import io.tarn.format.DiskConfig;
import io.tarn.location.Entry;
import io.tarn.location.GeneratedValue;
import io.tarn.location.disk.DiskLocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the HTTP location does beyond the contract: tarn's layouts, lakes written by Python tarn, large values. */
class HttpLocationTest {
    private static final CamelContext camel = SharedCamel.context();

    @TempDir
    Path temp;

    @Test
    void theServedConfigLevelsAreHonoured() throws Exception {
        DiskLocation disk = DiskLocation.open(temp.resolve("lake"), DiskConfig.defaults().withLevels(List.of(2, -1)));
        Key key = TestData.sha256Key(TestData.utf8("two levels"));
        disk.write(key, Value.of(TestData.utf8("two levels")), Set.of()).orElseThrow().close();
        assertThat(disk.root().resolve(key.hex().substring(0, 4)).resolve(key.hex().substring(4))).isRegularFile();
        try (NginxServer nginx = NginxServer.serve(disk.root(), temp.resolve("nginx"));
             HttpLocation http = new HttpLocation(camel, HttpSettings.of(nginx.url()))) {
            assertThat(TestData.consume(http.read(key).orElseThrow())).isEqualTo(TestData.utf8("two levels"));
            assertThat(keys(http)).containsExactly(key);
            assertThat(nginx.requests()).contains("GET /" + key.hex().substring(0, 4) + "/" + key.hex().substring(4) + " 200");
        }
    }

    @Test
    void aLakeWrittenByPythonTarnReadsBackByteExact() throws Exception {
        Path fixtures = TestData.pythonTarnFixtures();
        JsonObject manifest = (JsonObject) Jsoner.deserialize(Files.readString(fixtures.resolve("manifest.json")));
        Path lake = TestData.copyTree(fixtures.resolve("lake"), temp.resolve("lake"));
        Map<String, Long> sizes = new TreeMap<>();
        for (Object value : (JsonArray) manifest.get("values")) {
            JsonObject v = (JsonObject) value;
            sizes.put(v.getString("key"), ((BigDecimal) v.get("size")).longValueExact());
        }
        assertThat(sizes).containsValue(3L << 20);
        try (NginxServer nginx = NginxServer.serve(lake, temp.resolve("nginx"));
             HttpLocation http = new HttpLocation(camel, HttpSettings.of(nginx.url()))) {
            for (Map.Entry<String, Long> expected : sizes.entrySet()) {
                Key key = Key.parse(expected.getKey(), HashAlgorithm.SHA256);
                try (Value value = http.read(key).orElseThrow()) {
                    assertThat(value.size()).as("Content-Length of %s", key).isEqualTo(expected.getValue());
                    byte[] bytes = TestData.readAll(value);
                    assertThat(bytes).as("value %s over HTTP", key)
                            .isEqualTo(Files.readAllBytes(lake.resolve(key.hex().substring(0, 2)).resolve(key.hex().substring(2))));
                    assertThat(TestData.sha256Hex(bytes)).isEqualTo(key.hex());
                }
                assertThat(http.contains(key)).isTrue();
            }
            assertThat(keys(http).stream().map(Key::hex).collect(Collectors.toSet())).isEqualTo(sizes.keySet());
            assertThat(http.algorithm()).contains(HashAlgorithm.SHA256);
        }
    }

    @Test
    void a64MiBValueIsStreamed() throws Exception {
        long size = 64L << 20;
        GeneratedValue large = new GeneratedValue(size, 64);
        Key key = large.key();
        DiskLocation disk = DiskLocation.open(temp.resolve("lake"));
        disk.write(key, large, Set.of()).orElseThrow().close();
        try (NginxServer nginx = NginxServer.serve(disk.root(), temp.resolve("nginx"));
             HttpLocation http = new HttpLocation(camel, HttpSettings.of(nginx.url()));
             Value value = http.read(key).orElseThrow()) {
            assertThat(value.size()).isEqualTo(size);
            assertThat(GeneratedValue.digest(value)).isEqualTo(key);
            assertThat(GeneratedValue.digest(value)).as("opened again: fetched again").isEqualTo(key);
            assertThat(nginx.requests()).filteredOn(line -> line.startsWith("GET /" + key.hex().substring(0, 2))).hasSize(2);
        }
    }

    @Test
    void containsAsksWithHead() throws Exception {
        DiskLocation disk = DiskLocation.open(temp.resolve("lake"));
        Key key = TestData.sha256Key(TestData.utf8("headed"));
        disk.write(key, Value.of(TestData.utf8("headed")), Set.of()).orElseThrow().close();
        try (NginxServer nginx = NginxServer.serve(disk.root(), temp.resolve("nginx"));
             HttpLocation http = new HttpLocation(camel, HttpSettings.of(nginx.url()))) {
            assertThat(http.contains(key)).isTrue();
            assertThat(http.contains(TestData.sha256Key(TestData.utf8("absent")))).isFalse();
            assertThat(nginx.requests()).filteredOn(line -> !line.contains("config.yml"))
                    .allMatch(line -> line.startsWith("HEAD ")).hasSize(2);
        }
    }

    @Test
    void aMissingConfigIsAskedForAgain() throws Exception {
        Path root = Files.createDirectories(temp.resolve("lake"));
        Key key = TestData.sha256Key(TestData.utf8("later"));
        try (NginxServer nginx = NginxServer.serve(root, temp.resolve("nginx"));
             HttpLocation http = new HttpLocation(camel, HttpSettings.of(nginx.url()))) {
            assertThat(http.read(key)).as("no config.yml yet: a miss").isEmpty();
            assertThat(keys(http)).isEmpty();
            DiskLocation.open(root).write(key, Value.of(TestData.utf8("later")), Set.of()).orElseThrow().close();
            assertThat(TestData.consume(http.read(key).orElseThrow())).isEqualTo(TestData.utf8("later"));
            assertThat(keys(http)).containsExactly(key);
            assertThat(http.reachability().isUp()).isTrue();
        }
    }

    @Test
    void endpointOptionsWithSecretsAppearInNoNameOrError() throws Exception {
        DiskLocation disk = DiskLocation.open(temp.resolve("lake"));
        Key key = TestData.sha256Key(TestData.utf8("guarded"));
        disk.write(key, Value.of(TestData.utf8("guarded")), Set.of()).orElseThrow().close();
        String options = "authMethod=Basic&authUsername=reader&authPassword=RAW(s3cret-pw)&authenticationPreemptive=true";
        try (NginxServer nginx = NginxServer.serve(disk.root(), temp.resolve("nginx"));
             HttpLocation http = new HttpLocation(camel,
                     HttpSettings.of(nginx.url()).withEndpointOptions(options).withFailFast(true))) {
            assertThat(TestData.consume(http.read(key).orElseThrow())).isEqualTo(TestData.utf8("guarded"));
            assertThat(http.toString()).doesNotContain("s3cret");
            assertThat(http.reachability().location()).doesNotContain("s3cret");
            nginx.stop();
            assertThatThrownBy(() -> http.read(key)).isInstanceOf(LocationException.class)
                    .hasMessageContaining(nginx.url()).hasMessageNotContaining("s3cret");
        }
        assertThatThrownBy(() -> new HttpLocation(camel, HttpSettings.of("http://reader:s3cret-pw@127.0.0.1:1/lake/")))
                .isInstanceOf(LocationSpecException.class).hasMessageNotContaining("s3cret");
    }

    private static List<Key> keys(HttpLocation http) {
        try (Stream<Entry> entries = http.contents()) {
            return entries.map(Entry::key).toList();
        }
    }
}
