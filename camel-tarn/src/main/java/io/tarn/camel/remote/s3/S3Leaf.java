package io.tarn.camel.remote.s3;

import java.net.URI;
import java.util.Set;
import java.util.function.Supplier;

import io.tarn.camel.remote.LeafOptions;
import io.tarn.camel.remote.RemoteLeaf;
import io.tarn.location.Location;
import org.apache.camel.CamelContext;

/**
 * The {@code s3:} leaf of a location spec:
 * {@code s3:BUCKET[/PREFIX]?endpoint=http://host:9000&region=us-east-1&accessKey=..&secretKey=..&partSize=25MiB&failFast=true&trackUsage=true}.
 */
public final class S3Leaf extends RemoteLeaf {
    public S3Leaf(CamelContext camel) {
        super(camel, "s3");
    }

    @Override
    public Supplier<Location> parse(String leaf) {
        LeafOptions p = LeafOptions.of(leaf, "s3", Set.of("endpoint", "region", "accessKey", "secretKey", "partSize",
                "failFast", "retryAfter", "trackUsage"), "bucket");
        String path = p.path();
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        S3LocationBuilder builder = S3Location.builder(camel, bucket);
        if (slash >= 0 && slash < path.length() - 1) {
            builder.prefix(path.substring(slash + 1));
        }
        p.ifPresent("endpoint", v -> builder.endpoint(URI.create(v)));
        p.ifPresent("region", builder::region);
        if (p.has("accessKey") || p.has("secretKey")) {
            builder.credentials(p.get("accessKey"), p.get("secretKey"));
        }
        p.ifPresent("partSize", v -> builder.partSize(p.size("partSize")));
        p.ifPresent("failFast", v -> builder.failFast(p.bool("failFast")));
        p.ifPresent("retryAfter", v -> builder.retryAfter(p.seconds("retryAfter")));
        p.ifPresent("trackUsage", v -> builder.trackUsage(p.bool("trackUsage")));
        return builder::build;
    }
}
