package io.tarn.camel;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.tarn.LocationSpecException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A remote leaf whose Camel transport is not on the class path is refused with a LocationSpecException naming the leaf,
 * the missing class and the Maven coordinates to add, before any class of the transport is touched. Each case runs the
 * spec in a class loader over this test's class path without the transport's jar(s).
 */
class MissingTransportTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "redis:localhost:6379?password=secret | camel-spring-redis | camel-spring-redis,spring-data-redis,jedis",
        "s3:bucket?endpoint=http://127.0.0.1:1&region=us-east-1&accessKey=a&secretKey=b | camel-aws2-s3 | camel-aws2-s3",
        "sftp:me@127.0.0.1:1/lake | camel-ftp | camel-ftp",
        "scp:me@127.0.0.1:1/lake | camel-jsch | camel-jsch",
        "http://127.0.0.1:1/lake/ | camel-http | camel-http",
        "caffeine:hot?maxBytes=1MiB | camel-caffeine | camel-caffeine,caffeine"})
    void aLeafWithoutItsTransportNamesTheDependencyToAdd(String leaf, String artifact, String jars) throws Exception {
        String spec = "levels(" + leaf + ", /tmp/never-made-" + artifact + ")";
        String outcome = buildWithout(spec, jars.split(","));
        String named = leaf.contains("?") ? leaf.substring(0, leaf.indexOf('?')) : leaf;
        assertThat(outcome).startsWith(LocationSpecException.class.getName())
                .contains("The leaf " + named + " needs the Camel transport " + artifact)
                .contains("add the dependency org.apache.camel:" + artifact)
                .containsPattern("\\(([a-z0-9]+\\.)+[A-Za-z0-9]+ not found\\)")
                .doesNotContain("secret");
        assertThat(Path.of("/tmp/never-made-" + artifact)).doesNotExist();
    }

    @Test
    void withTheTransportTheSameLeafIsBuilt() throws Exception {
        // the filter, not the class loader, is what takes the transport away
        assertThat(buildWithout("caffeine:hot?maxBytes=1MiB", new String[0])).isEqualTo("built");
    }

    private static String buildWithout(String spec, String[] artifacts) throws Exception {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        List<String> left = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            boolean dropped = false;
            for (String artifact : artifacts) {
                dropped |= Pattern.matches(Pattern.quote(artifact) + "-\\d.*\\.jar", name);
            }
            if (dropped) {
                left.add(name);
            } else {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        assertThat(left).as("the jars of " + String.join(", ", artifacts) + " are on the test class path")
                .hasSizeGreaterThanOrEqualTo(artifacts.length);
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                return (String) loader.loadClass(MissingTransportProbe.class.getName()).getMethod("build", String.class)
                        .invoke(null, spec);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }
}
