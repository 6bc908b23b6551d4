/**
 * What the remote locations share: the one way they talk to a server (CamelTransport: an endpoint and its producer,
 * started lazily, failures unwrapped), the outage policy (Reachability), the shared settings (RemoteSettings:
 * failFast, retryAfter) and the options grammar of their spec leaves.
 */
package io.tarn.camel.remote;
