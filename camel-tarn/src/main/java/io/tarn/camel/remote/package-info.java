/**
 * What the remote locations share: the outage policy (Reachability), one way to drive a Camel producer (Transport),
 * and the options grammar of their spec leaves.
 */
package io.tarn.camel.remote;
