/**
 * Keeping a bounded cache level within its capacity: the counts every process shares, admission of copies, and the
 * least-recently-used eviction that checks other processes' uses before each delete.
 */
package io.tarn.location.eviction;
