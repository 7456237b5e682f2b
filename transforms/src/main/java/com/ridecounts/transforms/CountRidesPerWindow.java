package com.ridecounts.transforms;

import com.ridecounts.model.RideEvent;
import com.ridecounts.model.WindowCount;
import com.ridecounts.model.WindowCountCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Never;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.Trigger;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Counts ride events per (sliding event-time window, event type), the seed job's {@code groupBy(window(event_time, "1
 * minute", "30 seconds"), event_type).count()}.
 *
 * <p>Update mode: the watermark trigger with early and late firings at most once per trigger interval, accumulating
 * panes, and a final pane when the window closes (even if nothing changed since the last pane, so every key ends with
 * exactly one pane marked final). Append mode: only that final pane. Events later than the allowed lateness are
 * dropped by the runner and counted in its {@link RideCountsMetrics#DROPPED_LATE} counter.
 */
public final class CountRidesPerWindow extends PTransform<PCollection<RideEvent>, PCollection<WindowCount>> {
  private final WindowingSpec spec;

  public CountRidesPerWindow(WindowingSpec spec) {
    this.spec = spec;
  }

  @Override
  public PCollection<WindowCount> expand(PCollection<RideEvent> events) {
    return events
        .apply("Assign sliding windows", window(spec))
        .apply("Key by event type", ParDo.of(new EventTypeFn()))
        .setCoder(NullableCoder.of(StringUtf8Coder.of()))
        .apply("Count per event type", Count.perElement())
        .apply("Attach window and pane", ParDo.of(new ToWindowCountFn()))
        .setCoder(WindowCountCoder.of());
  }

  static Window<RideEvent> window(WindowingSpec spec) {
    Window<RideEvent> sliding = Window.into(SlidingWindows.of(spec.size()).every(spec.period()));
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

  /** Emits the event type of each (event, window) assignment and counts the assignments. */
  static final class EventTypeFn extends DoFn<RideEvent, @Nullable String> {
    private final Counter assignments = RideCountsMetrics.counter(RideCountsMetrics.WINDOW_ASSIGNMENTS);

    @ProcessElement
    public void process(@Element RideEvent event, IntervalWindow window, OutputReceiver<@Nullable String> out) {
      // Declaring the window parameter makes the runner call this once per window the event belongs to.
      assignments.inc();
      out.output(event.eventType());
    }
  }

  /** Turns a fired (event type, count) pane into a {@link WindowCount} with the window bounds and pane metadata. */
  static final class ToWindowCountFn extends DoFn<KV<@Nullable String, Long>, WindowCount> {
    @ProcessElement
    public void process(
        @Element KV<@Nullable String, Long> count, IntervalWindow window, PaneInfo pane, OutputReceiver<WindowCount> out) {
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
