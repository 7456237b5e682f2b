package com.ridecounts.transforms;

import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/** Reads counters from a finished pipeline. */
final class MetricsSupport {
  private MetricsSupport() {}

  /** The attempted value of counter {@code name} in {@link RideCountsMetrics#NAMESPACE}, summed over steps; 0 if absent. */
  static long rideCounter(PipelineResult result, String name) {
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(RideCountsMetrics.NAMESPACE, name))
                    .build());
    long sum = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      sum += counter.getAttempted();
    }
    return sum;
  }

  /** The attempted value of every counter called {@code name}, whatever its namespace and step; 0 if absent. */
  static long counterNamedAnywhere(PipelineResult result, String name) {
    long sum = 0;
    for (MetricResult<Long> counter :
        result.metrics().queryMetrics(MetricsFilter.builder().build()).getCounters()) {
      if (counter.getName().getName().equals(name)) {
        sum += counter.getAttempted();
      }
    }
    return sum;
  }

  /** Like {@link #counterNamedAnywhere} but ignoring case: runners spell the late-drop counter differently. */
  static long counterNamedAnywhereIgnoringCase(PipelineResult result, String name) {
    long sum = 0;
    for (MetricResult<Long> counter :
        result.metrics().queryMetrics(MetricsFilter.builder().build()).getCounters()) {
      if (counter.getName().getName().equalsIgnoreCase(name)) {
        sum += counter.getAttempted();
      }
    }
    return sum;
  }
}
