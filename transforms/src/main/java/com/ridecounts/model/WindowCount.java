package com.ridecounts.model;

import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One fired pane of the count for a (window, event type): the window bounds, the type (null for events without one),
 * the count so far (panes accumulate), and which pane this is. The pane with {@code isFinal} is the last one the job
 * will ever emit for this key; its count is the final result.
 */
public final class WindowCount {
  /** When a pane fired relative to the watermark (Beam's {@code PaneInfo.Timing}). */
  public enum Timing {
    EARLY,
    ON_TIME,
    LATE
  }

  private final long windowStartMillis;
  private final long windowEndMillis;
  private final @Nullable String eventType;
  private final long count;
  private final long paneIndex;
  private final Timing timing;
  private final boolean isFinal;

  public WindowCount(
      long windowStartMillis,
      long windowEndMillis,
      @Nullable String eventType,
      long count,
      long paneIndex,
      Timing timing,
      boolean isFinal) {
    this.windowStartMillis = windowStartMillis;
    this.windowEndMillis = windowEndMillis;
    this.eventType = eventType;
    this.count = count;
    this.paneIndex = paneIndex;
    this.timing = Objects.requireNonNull(timing);
    this.isFinal = isFinal;
  }

  public long windowStartMillis() {
    return windowStartMillis;
  }

  public long windowEndMillis() {
    return windowEndMillis;
  }

  public @Nullable String eventType() {
    return eventType;
  }

  public long count() {
    return count;
  }

  public long paneIndex() {
    return paneIndex;
  }

  public Timing timing() {
    return timing;
  }

  public boolean isFinal() {
    return isFinal;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof WindowCount)) {
      return false;
    }
    WindowCount that = (WindowCount) o;
    return windowStartMillis == that.windowStartMillis
        && windowEndMillis == that.windowEndMillis
        && count == that.count
        && paneIndex == that.paneIndex
        && isFinal == that.isFinal
        && timing == that.timing
        && Objects.equals(eventType, that.eventType);
  }

  @Override
  public int hashCode() {
    return Objects.hash(windowStartMillis, windowEndMillis, eventType, count, paneIndex, timing, isFinal);
  }

  @Override
  public String toString() {
    return "WindowCount{["
        + windowStartMillis
        + ", "
        + windowEndMillis
        + ") "
        + eventType
        + "="
        + count
        + " pane "
        + paneIndex
        + " "
        + timing
        + (isFinal ? " final" : "")
        + "}";
  }
}
