package dev.baton.bench;

import org.HdrHistogram.Histogram;

/** Latencies of one measured path, in nanoseconds, with the percentiles docs/performance.md reports. */
final class Latency {
    private final Histogram histogram = new Histogram(3_600_000_000_000L, 3);
    private long firstNanos = Long.MAX_VALUE;
    private long lastNanos;

    synchronized void record(long startNanos, long endNanos) {
        histogram.recordValue(Math.max(1, endNanos - startNanos));
        firstNanos = Math.min(firstNanos, startNanos);
        lastNanos = Math.max(lastNanos, endNanos);
    }

    synchronized void add(Latency other) {
        histogram.add(other.histogram);
        firstNanos = Math.min(firstNanos, other.firstNanos);
        lastNanos = Math.max(lastNanos, other.lastNanos);
    }

    long count() {
        return histogram.getTotalCount();
    }

    double p50Micros() {
        return histogram.getValueAtPercentile(50) / 1000.0;
    }

    double p99Micros() {
        return histogram.getValueAtPercentile(99) / 1000.0;
    }

    double p999Micros() {
        return histogram.getValueAtPercentile(99.9) / 1000.0;
    }

    double maxMicros() {
        return histogram.getMaxValue() / 1000.0;
    }

    double meanMicros() {
        return histogram.getMean() / 1000.0;
    }

    /** Operations per second over the span from the first start to the last end. */
    double throughput() {
        return count() * 1e9 / Math.max(1, lastNanos - firstNanos);
    }

    String row(String what) {
        return String.format("| %s | %d | %.1f | %.1f | %.1f | %.1f | %.0f |", what, count(), p50Micros(), p99Micros(),
                p999Micros(), maxMicros(), throughput());
    }
}
