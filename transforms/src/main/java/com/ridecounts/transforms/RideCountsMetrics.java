package com.ridecounts.transforms;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * The job's Beam metrics: names in one place, so the pipeline, the progress view and the replay summary read the same
 * counters. All counters live in namespace {@value #NAMESPACE}, except the runner's own late-data counter.
 */
public final class RideCountsMetrics {
  public static final String NAMESPACE = "ride-counts";
  /** Records taken from the input topic, valid or not. */
  public static final String RECORDS_READ = "records_read";
  /** Records that satisfied the schema and entered the count. */
  public static final String EVENTS_VALID = "events_valid";
  /** Records sent to the dead-letter topic (all reasons). */
  public static final String DEAD_LETTERED = "dead_lettered";
  /** Prefix of the per-reason dead-letter counters, e.g. {@code dead_lettered.MISSING_FIELD}. */
  public static final String DEAD_LETTERED_PREFIX = "dead_lettered.";
  /** (event, window) assignments made by the sliding windows: each event belongs to size/period windows. */
  public static final String WINDOW_ASSIGNMENTS = "window_assignments";
  /**
   * (event, window) assignments dropped at ingestion because the window had closed (end + allowed lateness) before
   * the partition's watermark when the event was read.
   */
  public static final String DROPPED_LATE_AT_INGESTION = "dropped_late";
  /** Valid events counted in at least one of their windows. */
  public static final String EVENTS_COUNTED = "events_counted";
  /**
   * Valid events dropped from every one of their windows as too late. {@code records_read = events_counted +
   * events_dropped_late + dead_lettered}.
   */
  public static final String EVENTS_DROPPED_LATE = "events_dropped_late";
  /** Count panes of 0 that a runner emitted for an already-closed window, suppressed (see CountRidesPerWindow). */
  public static final String EMPTY_PANES_SUPPRESSED = "empty_panes_suppressed";
  /**
   * Panes an at-least-once sink did not write because its topic already had them or a later one (a replay after a
   * restart from a checkpoint; see the pipeline's DropReplayedPanesProducer).
   */
  public static final String REPLAYED_PANES_DROPPED = "replayed_panes_dropped";
  /**
   * The runner's counter of (event, window) assignments dropped because the window had already closed (end +
   * allowed lateness behind the watermark). Beam's runners register it under their own namespaces.
   */
  public static final String DROPPED_LATE = "droppedDueToLateness";

  private RideCountsMetrics() {}

  public static Counter counter(String name) {
    return Metrics.counter(NAMESPACE, name);
  }
}
