package com.ridecounts.transforms;

import java.io.Serializable;
import java.util.Objects;
import org.joda.time.Duration;

/**
 * The windowing and triggering of the count, as typed values: sliding windows of {@code size} every {@code period},
 * {@code allowedLateness} after the watermark passes a window's end, early and late panes at most once per {@code
 * triggerInterval} of processing time (update mode), and the {@link OutputMode}.
 */
public final class WindowingSpec implements Serializable {
  private final Duration size;
  private final Duration period;
  private final Duration allowedLateness;
  private final Duration triggerInterval;
  private final OutputMode outputMode;

  public WindowingSpec(
      Duration size, Duration period, Duration allowedLateness, Duration triggerInterval, OutputMode outputMode) {
    if (size.getMillis() <= 0 || period.getMillis() <= 0 || period.isLongerThan(size)) {
      throw new IllegalArgumentException("need 0 < period <= size, got size " + size + ", period " + period);
    }
    if (allowedLateness.getMillis() < 0 || triggerInterval.getMillis() < 0) {
      throw new IllegalArgumentException("allowed lateness and trigger interval must not be negative");
    }
    this.size = size;
    this.period = period;
    this.allowedLateness = allowedLateness;
    this.triggerInterval = triggerInterval;
    this.outputMode = Objects.requireNonNull(outputMode);
  }

  /** The seed job's settings: 1-minute windows every 30 s, 10 minutes of lateness, 30 s trigger, update mode. */
  public static WindowingSpec seedDefaults() {
    return new WindowingSpec(
        Duration.standardMinutes(1),
        Duration.standardSeconds(30),
        Duration.standardMinutes(10),
        Duration.standardSeconds(30),
        OutputMode.UPDATE);
  }

  /** How many sliding windows contain the instant {@code tsMillis} (size/period when the period divides the size). */
  public long windowsContaining(long tsMillis) {
    long p = period.getMillis();
    return Math.floorDiv(tsMillis, p) - Math.floorDiv(tsMillis - size.getMillis(), p);
  }

  /**
   * How many of the windows containing {@code tsMillis} are still open for an event that arrived at {@code
   * arrivalMillis}: windows whose end (exclusive) + allowed lateness is not before the arrival, the rule of the count
   * step's late drop. Zero means the whole event is dropped as too late.
   */
  public long windowsOpenAt(long tsMillis, long arrivalMillis) {
    long p = period.getMillis();
    long open = 0;
    for (long start = Math.floorDiv(tsMillis, p) * p; start > tsMillis - size.getMillis(); start -= p) {
      long maxTimestamp = start + size.getMillis() - 1;
      if (maxTimestamp + allowedLateness.getMillis() >= arrivalMillis) {
        open++;
      }
    }
    return open;
  }

  public Duration size() {
    return size;
  }

  public Duration period() {
    return period;
  }

  public Duration allowedLateness() {
    return allowedLateness;
  }

  public Duration triggerInterval() {
    return triggerInterval;
  }

  public OutputMode outputMode() {
    return outputMode;
  }

  @Override
  public String toString() {
    return "windows " + size + " every " + period + ", lateness " + allowedLateness + ", trigger " + triggerInterval
        + ", " + outputMode;
  }
}
