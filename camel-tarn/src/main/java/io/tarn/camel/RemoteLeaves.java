package io.tarn.camel;

import java.util.List;

import org.apache.camel.CamelContext;

import io.tarn.camel.backend.http.HttpLeaf;
import io.tarn.camel.backend.memory.CaffeineLeaf;
import io.tarn.camel.backend.redis.RedisLeaf;
import io.tarn.camel.backend.s3.S3Leaf;
import io.tarn.camel.backend.ssh.SshLeaf;
import io.tarn.spec.LeafFactory;

/**
 * The remote leaves of a location spec, each made through its Camel transport by the {@link LeafFactory} of its
 * backend's package:
 *
 * <pre>
 * s3:BUCKET[/PREFIX]?endpoint=http://host:9000&amp;region=us-east-1&amp;accessKey=..&amp;secretKey=..&amp;partSize=25MiB
 * redis:HOST[:PORT]?prefix=lake:&amp;keepLabels=true&amp;keepUsage=true&amp;ttl=3600&amp;password=..&amp;database=0&amp;lockExpiry=300
 * sftp:USER@HOST[:PORT][/ROOT]?password=..&amp;privateKeyFile=..&amp;knownHostsFile=..&amp;strictHostKeyChecking=true
 * scp:USER@HOST[:PORT][/ROOT]?...as sftp...&amp;maxValueSize=256MiB
 *     (ROOT relative to the login folder; //ROOT, two slashes, for an absolute one: sftp:me@host//srv/lake)
 * http://host/lake/ or https://host/lake/ (read-only, nginx autoindex)
 * caffeine:NAME?maxBytes=256MiB&amp;maxValueBytes=1MiB
 * </pre>
 *
 * Every remote leaf also takes {@code failFast=true} and {@code retryAfter=SECONDS}. Values are URL-decoded. An unknown option is an error naming
 * the options the leaf takes. Prefer {@code #bean} leaves or property placeholders for secrets.
 */
final class RemoteLeaves {
    private RemoteLeaves() {
    }

    /** The factories of every remote scheme, making their locations in this Camel context. */
    static List<LeafFactory> of(CamelContext camel) {
        return List.of(new S3Leaf(camel), new RedisLeaf(camel), new SshLeaf(camel), new HttpLeaf(camel),
                new CaffeineLeaf(camel));
    }
}
