/**
 * Operational metrics: one Micrometer registry per server, exposed in the Prometheus text format at
 * {@code /metrics}. The service and the API report into {@link dev.custody.metrics.CustodyMetrics};
 * nothing here reads the store or the log itself (gauges sample what their owner hands in).
 */
@NullMarked
package dev.custody.metrics;

import org.jspecify.annotations.NullMarked;
