/**
 * What the remote locations share: the outage policy (Reachability), one way to drive a Camel producer (Transport), the
 * bounded read into memory, and the options grammar of their spec leaves.
 */
package io.tarn.camel.remote;
