package com.ridecounts.transforms;

import com.ridecounts.model.RideEvent;
import com.ridecounts.model.WindowCount;
import com.ridecounts.model.WindowCountCoder;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Never;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.Trigger;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Counts ride events per (sliding event-time window, event type), the seed job's {@code groupBy(window(event_time, "1
 * minute", "30 seconds"), event_type).count()}.
 *
 * <p>Update mode: the watermark trigger with early and late firings at most once per trigger interval, accumulating
 * panes, and a final pane when the window closes (even if nothing changed since the last pane, so every key ends with
 * exactly one pane marked final). Append mode: only that final pane.
 *
 * <p>An (event, window) assignment is dropped when the window had closed (end + allowed lateness) by the time the
 * event arrived: deterministically at ingestion, against the partition watermark the source stamped on the event (see
 * {@link DropExpiredFn}), and otherwise by the runner against its own watermark ({@link
 * RideCountsMetrics#DROPPED_LATE}).
 *
 * <p>Counts, not events, are what the runner keeps: each bundle's events are first counted per (window, event type)
 * ({@link PartialCountFn}), and the windowed, triggered grouping only sums those partial counts. A runner that keeps
 * every input of a window in its grouping state until the window expires (the classic SparkRunner's streaming
 * GroupByKey does, and so does the DirectRunner) then holds a few partial counts per window instead of every event.
 */
public final class CountRidesPerWindow extends PTransform<PCollection<RideEvent>, PCollection<WindowCount>> {
  private final WindowingSpec spec;

  public CountRidesPerWindow(WindowingSpec spec) {
    this.spec = spec;
  }

  @Override
  public PCollection<WindowCount> expand(PCollection<RideEvent> events) {
    return events
        .apply("Restore event time", ParDo.of(new RestoreEventTimeFn(spec)))
        .setCoder(KvCoder.of(NullableCoder.of(StringUtf8Coder.of()), VarLongCoder.of()))
        .apply("Assign sliding windows", window(spec))
        .apply("Drop expired window assignments", ParDo.of(new DropExpiredFn(spec.allowedLateness())))
        .setCoder(NullableCoder.of(StringUtf8Coder.of()))
        .apply("Count per bundle", ParDo.of(new PartialCountFn()))
        .setCoder(KvCoder.of(NullableCoder.of(StringUtf8Coder.of()), VarLongCoder.of()))
        .apply("Sum partial counts", Sum.longsPerKey())
        .apply("Attach window and pane", ParDo.of(new ToWindowCountFn()))
        .setCoder(WindowCountCoder.of());
  }

  static Window<KV<@Nullable String, Long>> window(WindowingSpec spec) {
    Window<KV<@Nullable String, Long>> sliding = Window.into(SlidingWindows.of(spec.size()).every(spec.period()));
    switch (spec.outputMode()) {
      case UPDATE:
        Trigger.OnceTrigger everyInterval =
            AfterProcessingTime.pastFirstElementInPane().plusDelayOf(spec.triggerInterval());
        return sliding
            .triggering(AfterWatermark.pastEndOfWindow().withEarlyFirings(everyInterval).withLateFirings(everyInterval))
            .withAllowedLateness(spec.allowedLateness(), Window.ClosingBehavior.FIRE_ALWAYS)
            .accumulatingFiredPanes();
      case APPEND:
        return sliding
            .triggering(Never.ever())
            .withAllowedLateness(spec.allowedLateness(), Window.ClosingBehavior.FIRE_IF_NON_EMPTY)
            .discardingFiredPanes();
      default:
        throw new IllegalArgumentException("unknown output mode " + spec.outputMode());
    }
  }

  /**
   * Re-stamps each event with its event time {@code ts} and keeps the timestamp it arrived with, which the source sets
   * to the partition's watermark when the event is behind it (see the pipeline's {@code EventTimePolicy}); for an
   * event ahead of the watermark both are {@code ts}. Output: (event type, arrival timestamp in epoch ms). Counts the
   * event in {@link RideCountsMetrics#EVENTS_COUNTED} if any of its windows is still open at its arrival, else in
   * {@link RideCountsMetrics#EVENTS_DROPPED_LATE}.
   */
  static final class RestoreEventTimeFn extends DoFn<RideEvent, KV<@Nullable String, Long>> {
    private final WindowingSpec spec;
    private final Counter counted = RideCountsMetrics.counter(RideCountsMetrics.EVENTS_COUNTED);
    private final Counter droppedLate = RideCountsMetrics.counter(RideCountsMetrics.EVENTS_DROPPED_LATE);

    RestoreEventTimeFn(WindowingSpec spec) {
      this.spec = spec;
    }

    @ProcessElement
    public void process(
        @Element RideEvent event, @Timestamp Instant arrival, OutputReceiver<KV<@Nullable String, Long>> out) {
      // Per event, the same decision the late drop below makes per (event, window) assignment.
      if (spec.windowsOpenAt(event.tsMillis(), arrival.getMillis()) > 0) {
        counted.inc();
      } else {
        droppedLate.inc();
      }
      out.outputWithTimestamp(KV.of(event.eventType(), arrival.getMillis()), new Instant(event.tsMillis()));
    }

    /** Moving an event back from the watermark to its own {@code ts} is this step's purpose. */
    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return Duration.millis(Long.MAX_VALUE);
    }
  }

  /**
   * Drops each (event, window) assignment whose window had closed (end + allowed lateness) before the event's arrival
   * timestamp, counting it in {@link RideCountsMetrics#DROPPED_LATE_AT_INGESTION}; counts all assignments in {@link
   * RideCountsMetrics#WINDOW_ASSIGNMENTS}; emits the event type of each kept assignment.
   *
   * <p>The arrival timestamp is the partition's own watermark when the event was read, a function of the partition's
   * records in offset order only. So which late events are dropped does not depend on timing, and replaying the same
   * topic gives the same counts. The runner's watermark at the window operator is never ahead of that partition
   * watermark while the event is in flight, so the runner drops nothing further on Direct and Flink.
   */
  static final class DropExpiredFn extends DoFn<KV<@Nullable String, Long>, @Nullable String> {
    private final Duration allowedLateness;
    private final Counter assignments = RideCountsMetrics.counter(RideCountsMetrics.WINDOW_ASSIGNMENTS);
    private final Counter droppedLate = RideCountsMetrics.counter(RideCountsMetrics.DROPPED_LATE_AT_INGESTION);

    DropExpiredFn(Duration allowedLateness) {
      this.allowedLateness = allowedLateness;
    }

    @ProcessElement
    public void process(
        @Element KV<@Nullable String, Long> typeAndArrival,
        IntervalWindow window,
        OutputReceiver<@Nullable String> out) {
      // Declaring the window parameter makes the runner call this once per window the event belongs to.
      assignments.inc();
      if (window.maxTimestamp().plus(allowedLateness).getMillis() < typeAndArrival.getValue()) {
        droppedLate.inc();
        return;
      }
      out.output(typeAndArrival.getKey());
    }
  }

  /**
   * Counts the event types of one bundle per (window, event type) and emits each partial count, in its window, when the
   * bundle finishes; the windowed grouping downstream sums them. The element is the event type of one kept (event,
   * window) assignment, so the partial counts of a window add up to its assignments exactly.
   *
   * <p>Timestamp of a partial count: the earliest timestamp (the restored event time {@code ts}) of the events it
   * counts. That keeps what the events themselves would have meant to the grouping downstream:
   *
   * <ul>
   *   <li>It lies in the partial's window (every counted event does), so the window and its end-of-window output
   *       timestamp are unchanged.
   *   <li>It is no later than any counted event: a partial is behind the grouping's watermark (and fires a LATE pane)
   *       exactly when its earliest event would have been; it never turns late data into on-time data.
   *   <li>It cannot become droppably late by being held back in this step: the partials are emitted before the bundle
   *       that carried the events commits, and runners keep the watermark downstream of a step at or before the
   *       timestamps of its in-flight bundle (the DirectRunner commits a bundle's outputs before the step's
   *       watermark moves past them; Flink's {@code DoFnOperator} emits no watermark while a bundle is open; the
   *       SparkRunner advances its watermarks only when a micro-batch has completed). And whether the
   *       runner drops an element for lateness depends on its window's expiry, not its timestamp: a partial is dropped
   *       exactly when each of its events would have been.
   * </ul>
   *
   * <p>One difference is visible: a runner's late-data counter ({@link RideCountsMetrics#DROPPED_LATE}) counts dropped
   * partial counts, not events. The deterministic ingestion drop ({@link DropExpiredFn}) runs before this step and
   * still counts each (event, window) assignment.
   */
  static final class PartialCountFn extends DoFn<@Nullable String, KV<@Nullable String, Long>> {
    private transient Map<WindowAndType, PartialCount> partials;

    @StartBundle
    public void startBundle() {
      partials = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element @Nullable String eventType, @Timestamp Instant timestamp, BoundedWindow window) {
      partials.computeIfAbsent(new WindowAndType(window, eventType), key -> new PartialCount()).add(timestamp);
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      for (Map.Entry<WindowAndType, PartialCount> partial : partials.entrySet()) {
        WindowAndType key = partial.getKey();
        PartialCount count = partial.getValue();
        context.output(KV.of(key.eventType(), count.count), count.earliest, key.window());
      }
      partials = null;
    }
  }

  /** The grouping key of a partial count. */
  private record WindowAndType(BoundedWindow window, @Nullable String eventType) {}

  /** A running count and its earliest event timestamp. */
  private static final class PartialCount {
    private long count;
    private Instant earliest = BoundedWindow.TIMESTAMP_MAX_VALUE;

    void add(Instant timestamp) {
      count++;
      if (timestamp.isBefore(earliest)) {
        earliest = timestamp;
      }
    }
  }

  /**
   * Turns a fired (event type, count) pane into a {@link WindowCount} with the window bounds and pane metadata.
   *
   * <p>A pane with count 0 is suppressed and counted in {@link RideCountsMetrics#EMPTY_PANES_SUPPRESSED}: an
   * accumulating count pane always holds at least the element that created it, so a 0 can only come from a runner
   * re-firing a window whose state it already cleared. Beam 2.70's SparkRunner does this for every closed window, once
   * per micro-batch for the allowed lateness after its final pane (its expired-timer check adds the allowed lateness
   * to the garbage-collection timer a second time), and a consumer keeping the latest value would end on 0.
   */
  static final class ToWindowCountFn extends DoFn<KV<@Nullable String, Long>, WindowCount> {
    private final Counter emptyPanes = RideCountsMetrics.counter(RideCountsMetrics.EMPTY_PANES_SUPPRESSED);

    @ProcessElement
    public void process(
        @Element KV<@Nullable String, Long> count, IntervalWindow window, PaneInfo pane, OutputReceiver<WindowCount> out) {
      if (count.getValue() == 0) {
        emptyPanes.inc();
        return;
      }
      out.output(
          new WindowCount(
              window.start().getMillis(),
              window.end().getMillis(),
              count.getKey(),
              count.getValue(),
              pane.getIndex(),
              timing(pane),
              pane.isLast()));
    }

    private static WindowCount.Timing timing(PaneInfo pane) {
      switch (pane.getTiming()) {
        case EARLY:
          return WindowCount.Timing.EARLY;
        case ON_TIME:
          return WindowCount.Timing.ON_TIME;
        case LATE:
          return WindowCount.Timing.LATE;
        default:
          throw new IllegalStateException("a windowed count pane must have a timing, got " + pane);
      }
    }
  }
}
