package io.tarn.examples;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.camel.TarnComponent;
import io.tarn.camel.TarnConstants;
import io.tarn.location.Location;
import io.tarn.location.combine.Levels;

/**
 * Python tarn's "cache levels" recipe with a memory tier: writes go only to S3 (the big shared lake); reads copy
 * values up into Caffeine (memory), or the local disk when memory declines them. The S3 server is an s3proxy this
 * example starts on a loopback port, over a folder.
 */
public final class TieredLakeExample {
    static final String ACCESS = "example-access";
    static final String SECRET = "example-secret";

    private TieredLakeExample() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("example.home", ".")).toAbsolutePath().normalize();
        for (String line : run(home, home.resolve("work"))) {
            System.out.println(line);
        }
    }

    /** Runs the example and returns what it prints. */
    static List<String> run(Path home, Path work) throws Exception {
        Logger.getLogger("jclouds").setLevel(Level.OFF);
        Files.createDirectories(work.resolve("s3"));
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", work.resolve("s3").toString());
        BlobStoreContext blobs = ContextBuilder.newBuilder("filesystem").overrides(properties).build(BlobStoreContext.class);
        blobs.getBlobStore().createContainerInLocation(null, "tiered");
        S3Proxy s3 = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET).build();
        s3.start();
        while (!"STARTED".equals(s3.getState())) {
            Thread.sleep(10);
        }
        List<String> out = new ArrayList<>();
        String s3Leaf = "s3:tiered?endpoint=http://127.0.0.1:" + s3.getPort() + "&region=us-east-1&accessKey=" + ACCESS
                        + "&secretKey=" + SECRET;
        String spec = "levels(level(caffeine:hot?maxBytes=64MiB, write=false), level(" + work.resolve("disk")
                      + ", write=false), " + s3Leaf + ")";
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            TarnComponent tarn = camel.getComponent("tarn", TarnComponent.class);
            tarn.getLakes().put("tiered", spec);
            ProducerTemplate template = camel.createProducerTemplate();
            // the memory level of the lake's tree, to tell where each read was served from
            Location memory = ((Levels) tarn.parseSpec(spec)).levels().get(0).location();

            List<Path> samples;
            try (Stream<Path> files = Files.list(home.resolve("samples"))) {
                samples = files.sorted().toList();
            }
            List<String> keys = new ArrayList<>();
            for (Path sample : samples) {
                String key = template.request("tarn:tiered", e -> e.getIn().setBody(sample.toFile()))
                        .getMessage().getHeader(TarnConstants.KEY, String.class);
                keys.add(key);
                out.add("wrote " + sample.getFileName() + " -> " + key + " (stored in S3 only: the upper levels take no writes)");
            }
            for (int round = 1; round <= 2; round++) {
                for (int i = 0; i < keys.size(); i++) {
                    String key = keys.get(i);
                    boolean inMemory = memory.contains(Key.parse(key, HashAlgorithm.SHA256));
                    long start = System.nanoTime();
                    byte[] value = template.requestBodyAndHeader("tarn:tiered?operation=read", null, TarnConstants.KEY, key,
                            byte[].class);
                    long micros = (System.nanoTime() - start) / 1000;
                    out.add(String.format("read %d of %s: %d bytes in %,d us (%s)", round, samples.get(i).getFileName(),
                            value.length, micros, inMemory ? "from memory" : "from S3, copied into memory"));
                }
            }
        } finally {
            s3.stop();
            blobs.close();
        }
        out.add("Lake: " + spec.replace(SECRET, "****"));
        return out;
    }
}
