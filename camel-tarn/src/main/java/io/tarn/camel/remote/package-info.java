/**
 * The remote locations, each through Camel's component for its transport: S3, Redis, SFTP, SCP, HTTP/nginx and in-
 * memory Caffeine, with the outage policy they share.
 */
package io.tarn.camel.remote;
