/**
 * What the locations made through a Camel transport share (S3, Redis, SFTP, SCP, HTTP, Caffeine, one sub-package
 * each): the one way they drive a producer (CamelTransport), the outage policy (Reachability), the shared settings
 * (RemoteSettings: failFast, retryAfter) and the options grammar of their spec leaves.
 */
package io.tarn.camel.backend;
