package com.ridecounts.pipeline;

import com.ridecounts.transforms.RideCountsMetrics;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * A snapshot of the job's counters from a running or finished {@link PipelineResult}: the attempted values, summed
 * over steps, which is what every runner reports while a streaming job runs.
 */
public final class JobCounters {
  private final MetricQueryResults results;

  private JobCounters(MetricQueryResults results) {
    this.results = results;
  }

  /** Queries all counters of {@code result} now. */
  public static JobCounters of(PipelineResult result) {
    return new JobCounters(result.metrics().queryMetrics(MetricsFilter.builder().build()));
  }

  /** The value of counter {@code name} in the job's namespace ({@link RideCountsMetrics#NAMESPACE}). */
  public long get(String name) {
    long sum = 0;
    for (MetricResult<Long> counter : results.getCounters()) {
      if (counter.getName().getNamespace().equals(RideCountsMetrics.NAMESPACE)
          && counter.getName().getName().equals(name)) {
        sum += counter.getAttempted();
      }
    }
    return sum;
  }

  /**
   * The runner's own count of (event, window) assignments dropped as too late, whatever namespace and capitalisation
   * it uses (the DirectRunner says {@code DroppedDueToLateness}, Flink {@code droppedDueToLateness}).
   */
  public long runnerDroppedLate() {
    long sum = 0;
    for (MetricResult<Long> counter : results.getCounters()) {
      if (counter.getName().getName().equalsIgnoreCase(RideCountsMetrics.DROPPED_LATE)) {
        sum += counter.getAttempted();
      }
    }
    return sum;
  }

  /** All (event, window) assignments dropped as too late: at ingestion plus by the runner. */
  public long droppedLate() {
    return get(RideCountsMetrics.DROPPED_LATE_AT_INGESTION) + runnerDroppedLate();
  }
}
