package io.tarn.camel.backend.s3;

import java.net.URI;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;

import io.tarn.camel.backend.LeafOptions;
import io.tarn.camel.backend.RemoteLeaf;
import io.tarn.location.Location;

/**
 * The {@code s3:} leaf of a location spec:
 * {@code s3:BUCKET[/PREFIX]?endpoint=http://host:9000&region=us-east-1&accessKey=..&secretKey=..&partSize=25MiB&failFast=true&trackUsage=true}.
 */
public final class S3Leaf extends RemoteLeaf {
    public S3Leaf(CamelContext camel) {
        super(camel, "s3");
    }

    @Override
    protected Supplier<Location> parseLeaf(String leaf) {
        LeafOptions p = LeafOptions.of(leaf, "s3", LeafOptions.remote("endpoint", "region", "accessKey", "secretKey",
                "partSize", "trackUsage"), "bucket");
        String path = p.path();
        int slash = path.indexOf('/');
        S3Settings settings = p.remote(S3Settings.of(slash < 0 ? path : path.substring(0, slash)));
        if (slash >= 0 && slash < path.length() - 1) {
            settings = settings.withPrefix(path.substring(slash + 1));
        }
        settings = p.with("endpoint", settings, (s, v) -> s.withEndpoint(URI.create(v)));
        settings = p.with("region", settings, S3Settings::withRegion);
        if (p.has("accessKey") || p.has("secretKey")) {
            settings = settings.withCredentials(p.get("accessKey"), p.get("secretKey"));
        }
        settings = p.with("partSize", settings, (s, v) -> s.withPartSize(p.size("partSize")));
        settings = p.with("trackUsage", settings, (s, v) -> s.withTrackUsage(p.bool("trackUsage")));
        S3Settings done = settings;
        return () -> S3Location.of(camel, done);
    }
}
