package io.tarn.camel.backend.s3;

import org.apache.camel.CamelContext;
import org.apache.camel.component.aws.common.AwsClientBuilderUtil;
import org.apache.camel.component.aws2.s3.AWS2S3Configuration;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 client of a location: the user's, the registry's single {@code S3Client} bean (as camel-aws2-s3 autowires
 * it), or one that camel-aws2-s3 builds as its endpoints would, from the same options. It is built once here rather
 * than by each endpoint, so that the location's two endpoints share one connection pool, and with a checksum setting
 * that no endpoint option offers: S3-compatible servers (s3proxy, older MinIO and Ceph) need checksums only when
 * required with SDK 2.30 and later, and no global system property is then needed.
 */
final class S3Clients {
    /** The client the location uses, and whether the location built it (and so closes it). */
    record Client(S3Client client, boolean owned) {
    }

    private S3Clients() {
    }

    static Client of(CamelContext camel, S3Settings settings) {
        if (settings.client() != null) {
            return new Client(settings.client(), false);
        }
        if (settings.endpoint() == null && settings.accessKey() == null) {
            var beans = camel.getRegistry().findByType(S3Client.class);
            if (beans.size() == 1) {
                return new Client(beans.iterator().next(), false);
            }
        }
        AWS2S3Configuration options = new AWS2S3Configuration();
        options.setRegion(settings.region());
        if (settings.accessKey() == null) {
            options.setUseDefaultCredentialsProvider(true);
        } else {
            options.setAccessKey(settings.accessKey());
            options.setSecretKey(settings.secretKey());
        }
        if (settings.endpoint() != null) {
            options.setOverrideEndpoint(true);
            options.setUriEndpointOverride(settings.endpoint().toString());
            options.setForcePathStyle(true);
        }
        boolean whenRequired = settings.checksumsWhenRequired();
        S3Client built = AwsClientBuilderUtil.buildClient(options, S3Client::builder, builder -> {
            builder.forcePathStyle(options.isForcePathStyle());
            if (whenRequired) {
                builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            }
        });
        return new Client(built, true);
    }
}
