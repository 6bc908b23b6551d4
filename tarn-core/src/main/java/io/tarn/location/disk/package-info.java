/**
 * The disk location: Python tarn's DiskDict folder format (config.yml, key layout, write protocol, modes, usage and
 * labels sidecars, lockers, stale files), and its {@code disk} spec leaf.
 */
package io.tarn.location.disk;
