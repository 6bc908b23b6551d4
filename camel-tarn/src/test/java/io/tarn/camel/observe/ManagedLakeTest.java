package io.tarn.camel.observe;

import java.nio.file.Path;
import java.util.Map;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.camel.TarnComponent;
import io.tarn.camel.TarnConstants;
import io.tarn.location.disk.DiskLocation;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each lake a tarn endpoint uses is a managed resource in the context's MBeanServer (camel-management). */
class ManagedLakeTest {
    @TempDir
    Path tmp;

    @Test
    void aLakeShowsItsCountsAndVerifiesAndCountsOverJmx() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            TarnComponent tarn = context.getComponent("tarn", TarnComponent.class);
            tarn.getLakes().put("orders", "levels(" + tmp.resolve("ssd") + ", " + tmp.resolve("hdd") + ")");
            tarn.setMissReasons(() -> Map.of("enrich", "input changed"));
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            String first = template.request("tarn:orders?operation=write", e -> e.getIn().setBody(TestData.bytes(700, 1)))
                    .getMessage().getHeader(TarnConstants.KEY, String.class);
            template.sendBody("tarn:orders?operation=write", TestData.bytes(800, 2));
            template.requestBodyAndHeader("tarn:orders?operation=read", null, TarnConstants.KEY, first, byte[].class);
            // the same value in the lower level too: two copies, one key
            Key key = Key.parse(first, io.tarn.HashAlgorithm.SHA256);
            DiskLocation.open(tmp.resolve("hdd")).write(key, io.tarn.Value.of(TestData.bytes(700, 1)), java.util.Set.of())
                    .orElseThrow().close();

            MBeanServer server = context.getManagementStrategy().getManagementAgent().getMBeanServer();
            ObjectName name = new ObjectName("org.apache.camel:context=" + context.getManagementName()
                                             + ",type=tarn,name=\"orders\"");
            assertThat(server.isRegistered(name)).as("registered as %s", name).isTrue();
            assertThat(server.getAttribute(name, "LakeName")).isEqualTo("orders");
            assertThat(server.getAttribute(name, "LocationSpec")).isEqualTo(
                    "levels(disk:" + tmp.resolve("ssd") + ", disk:" + tmp.resolve("hdd") + ")");
            assertThat(server.getAttribute(name, "ReadHits")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "ReadMisses")).isEqualTo(0L);
            assertThat(server.getAttribute(name, "WritesStored")).isEqualTo(2L);
            assertThat(server.getAttribute(name, "BytesIn")).isEqualTo(1500L);
            assertThat(server.getAttribute(name, "BytesOut")).isEqualTo(700L);
            assertThat(server.getAttribute(name, "CorruptCopies")).isEqualTo(0L);
            assertThat(server.invoke(name, "contentsCount", new Object[0], new String[0])).isEqualTo(3L);
            assertThat(server.invoke(name, "keyCount", new Object[0], new String[0])).isEqualTo(2L);
            assertThat((String) server.invoke(name, "report", new Object[0], new String[0]))
                    .contains("levels[0]:disk  reads 1 hit / 0 miss, writes 2 stored / 0 declined, bytes 1500 in / 700 out");
            assertThat((String) server.invoke(name, "reportJson", new Object[0], new String[0]))
                    .contains("\"place\":\"levels[1]:disk\"");
            assertThat(server.invoke(name, "lastMissReasons", new Object[0], new String[0])).isEqualTo("enrich: input changed");

            // gc: the second value last used three days ago (its usage mark, which every lake camel-tarn creates keeps)
            String second = TestData.sha256Key(TestData.bytes(800, 2)).hex();
            java.nio.file.Files.setLastModifiedTime(tmp.resolve("ssd/tools/usage").resolve(second.substring(0, 2))
                    .resolve(second.substring(2)), java.nio.file.attribute.FileTime.from(
                    java.time.Instant.now().minus(java.time.Duration.ofDays(3))));
            String[] gcSignature = {String.class.getName(), boolean.class.getName()};
            assertThat((String) server.invoke(name, "gc", new Object[] {"2d", true}, gcSignature))
                    .startsWith("gc (dry run)").contains("disk:" + tmp.resolve("ssd") + ": 2 values (1500 bytes), would remove 1 (800 bytes)");
            assertThat(server.invoke(name, "contentsCount", new Object[0], new String[0])).isEqualTo(3L);
            assertThatThrownBy(() -> server.invoke(name, "gc", new Object[] {"soon", true}, gcSignature))
                    .hasStackTraceContaining("Invalid duration 'soon' for olderThan of the gc of lake orders: give a number with a unit");

            TestData.flipByte(DiskLocation.open(tmp.resolve("ssd")).pathOf(key), 5);
            assertThat((String) server.invoke(name, "verify", new Object[0], new String[0]))
                    .startsWith("checked 3, corrupt 1 [" + first + "]");
            assertThat(server.getAttribute(name, "CorruptCopies")).isEqualTo(1L);
            assertThat(server.invoke(name, "contentsCount", new Object[0], new String[0])).isEqualTo(2L);

            context.stop();
            assertThat(server.isRegistered(name)).as("unregistered when the context stops").isFalse();
        }
    }
}
