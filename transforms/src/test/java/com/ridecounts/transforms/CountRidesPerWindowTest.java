package com.ridecounts.transforms;

import static com.ridecounts.transforms.MetricsSupport.counterNamedAnywhere;
import static com.ridecounts.transforms.MetricsSupport.counterNamedAnywhereIgnoringCase;
import static com.ridecounts.transforms.MetricsSupport.rideCounter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ridecounts.model.ParsedRecord;
import com.ridecounts.model.RideEvent;
import com.ridecounts.model.RideEventCoder;
import com.ridecounts.model.RideEventParser;
import com.ridecounts.model.WindowCount;
import com.ridecounts.model.WindowCount.Timing;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The count's panes under {@link WindowingSpec#seedDefaults()} (1-minute windows every 30 s, 10 minutes allowed
 * lateness, 30 s trigger interval, update mode) and in append mode, driven by {@link TestStream}.
 *
 * <p>Window arithmetic used throughout: an event at 08:00:10 is in [07:59:30, 08:00:30) and [08:00:00, 08:01:00); an
 * event at 08:00:40 is in [08:00:00, 08:01:00) and [08:00:30, 08:01:30). A window [s, e) closes when the watermark
 * passes e - 1 ms + 10 min.
 */
@ExtendWith(TestPipelineExtension.class)
class CountRidesPerWindowTest {
  private static final String DAY = "2024-03-10T";
  private static final String STARTED = "ride_started";
  private static final String ENDED = "ride_ended";
  private static final AtomicInteger IDS = new AtomicInteger();
  /**
   * The DirectRunner's late-drop counter: runners-core's {@code GroupAlsoByWindowsAggregators
   * .DROPPED_DUE_TO_LATENESS_COUNTER}, in namespace {@code
   * org.apache.beam.runners.direct.GroupAlsoByWindowEvaluatorFactory$GroupAlsoByWindowEvaluator}. It differs in case
   * from {@link RideCountsMetrics#DROPPED_LATE} ("droppedDueToLateness", the name runners-core's {@code
   * LateDataDroppingDoFnRunner} uses, e.g. on Flink).
   */
  private static final String DIRECT_RUNNER_DROPPED_LATE = "DroppedDueToLateness";

  private static Instant at(String time) {
    return Instant.parse(DAY + time + "Z");
  }

  private static TimestampedValue<RideEvent> event(String type, String time) {
    Instant ts = at(time);
    return TimestampedValue.of(
        new RideEvent("e-" + IDS.incrementAndGet(), "u-1", type, 1.0, ts.getMillis()), ts);
  }

  /**
   * An event with event time {@code time} that arrives stamped with {@code arrival}, as the source stamps an event that
   * is behind the partition watermark: with the watermark instead of its {@code ts}.
   */
  private static TimestampedValue<RideEvent> arriving(String type, String time, String arrival) {
    return TimestampedValue.of(
        new RideEvent("e-" + IDS.incrementAndGet(), "u-1", type, 1.0, at(time).getMillis()), at(arrival));
  }

  private static IntervalWindow window(String start) {
    return new IntervalWindow(at(start), Duration.standardMinutes(1));
  }

  private static WindowCount pane(
      String windowStart, String type, long count, long index, Timing timing, boolean isFinal) {
    IntervalWindow w = window(windowStart);
    return new WindowCount(w.start().getMillis(), w.end().getMillis(), type, count, index, timing, isFinal);
  }

  private static TestStream.Builder<RideEvent> stream() {
    return TestStream.create(RideEventCoder.of());
  }

  private static PCollection<WindowCount> count(TestPipeline pipeline, TestStream<RideEvent> events, WindowingSpec spec) {
    return pipeline.apply(events).apply(new CountRidesPerWindow(spec));
  }

  private static WindowingSpec appendSpec() {
    WindowingSpec seed = WindowingSpec.seedDefaults();
    return new WindowingSpec(
        seed.size(), seed.period(), seed.allowedLateness(), seed.triggerInterval(), OutputMode.APPEND);
  }

  /**
   * (a) The watermark passing the end of a window fires its ON_TIME pane; closing the window (watermark to infinity)
   * fires one more pane with the same count, marked final. As it follows the on-time pane, Beam times it LATE.
   */
  @Test
  void onTimePaneThenFinalPaneWhenTheWindowCloses(TestPipeline pipeline) {
    TestStream<RideEvent> events =
        stream()
            .addElements(event(STARTED, "08:00:10"), event(STARTED, "08:00:20"), event(ENDED, "08:00:25"))
            .advanceWatermarkTo(at("08:01:00"))
            .advanceWatermarkToInfinity();
    PCollection<WindowCount> counts = count(pipeline, events, WindowingSpec.seedDefaults());

    PAssert.that(counts)
        .containsInAnyOrder(
            pane("07:59:30", STARTED, 2, 0, Timing.ON_TIME, false),
            pane("07:59:30", ENDED, 1, 0, Timing.ON_TIME, false),
            pane("08:00:00", STARTED, 2, 0, Timing.ON_TIME, false),
            pane("08:00:00", ENDED, 1, 0, Timing.ON_TIME, false),
            pane("07:59:30", STARTED, 2, 1, Timing.LATE, true),
            pane("07:59:30", ENDED, 1, 1, Timing.LATE, true),
            pane("08:00:00", STARTED, 2, 1, Timing.LATE, true),
            pane("08:00:00", ENDED, 1, 1, Timing.LATE, true));
    // The pane metadata Beam attached to the elements agrees with what WindowCount carries.
    PAssert.that(counts)
        .inOnTimePane(window("08:00:00"))
        .containsInAnyOrder(
            pane("08:00:00", STARTED, 2, 0, Timing.ON_TIME, false),
            pane("08:00:00", ENDED, 1, 0, Timing.ON_TIME, false));
    PAssert.that(counts)
        .inFinalPane(window("08:00:00"))
        .containsInAnyOrder(
            pane("08:00:00", STARTED, 2, 1, Timing.LATE, true), pane("08:00:00", ENDED, 1, 1, Timing.LATE, true));
    PAssert.that(counts).inEarlyPane(window("08:00:00")).empty();
    pipeline.run().waitUntilFinish();
  }

  /**
   * (b) With the watermark held before the end of the window, 31 s of processing time after the first element fires an
   * EARLY pane; a second element and another 31 s fire a second EARLY pane with the accumulated count.
   */
  @Test
  void earlyPanesFireOnProcessingTimeBeforeTheWatermark(TestPipeline pipeline) {
    TestStream<RideEvent> events =
        stream()
            .advanceWatermarkTo(at("08:00:00"))
            .addElements(event(STARTED, "08:00:10"))
            .advanceProcessingTime(Duration.standardSeconds(31))
            .addElements(event(STARTED, "08:00:20"))
            .advanceProcessingTime(Duration.standardSeconds(31))
            .advanceWatermarkTo(at("08:01:00"))
            .advanceWatermarkToInfinity();
    PCollection<WindowCount> counts = count(pipeline, events, WindowingSpec.seedDefaults());

    PAssert.that(counts)
        .containsInAnyOrder(
            pane("07:59:30", STARTED, 1, 0, Timing.EARLY, false),
            pane("08:00:00", STARTED, 1, 0, Timing.EARLY, false),
            pane("07:59:30", STARTED, 2, 1, Timing.EARLY, false),
            pane("08:00:00", STARTED, 2, 1, Timing.EARLY, false),
            pane("07:59:30", STARTED, 2, 2, Timing.ON_TIME, false),
            pane("08:00:00", STARTED, 2, 2, Timing.ON_TIME, false),
            pane("07:59:30", STARTED, 2, 3, Timing.LATE, true),
            pane("08:00:00", STARTED, 2, 3, Timing.LATE, true));
    PAssert.that(counts)
        .inEarlyPane(window("08:00:00"))
        .containsInAnyOrder(
            pane("08:00:00", STARTED, 1, 0, Timing.EARLY, false),
            pane("08:00:00", STARTED, 2, 1, Timing.EARLY, false));
    PAssert.that(counts)
        .inOnTimePane(window("08:00:00"))
        .containsInAnyOrder(pane("08:00:00", STARTED, 2, 2, Timing.ON_TIME, false));
    pipeline.run().waitUntilFinish();
  }

  /** (b') Less than the trigger interval of processing time fires no early pane. */
  @Test
  void noEarlyPaneBeforeTheTriggerInterval(TestPipeline pipeline) {
    TestStream<RideEvent> events =
        stream()
            .advanceWatermarkTo(at("08:00:00"))
            .addElements(event(STARTED, "08:00:10"))
            .advanceProcessingTime(Duration.standardSeconds(29))
            .advanceWatermarkTo(at("08:01:00"))
            .advanceWatermarkToInfinity();
    PCollection<WindowCount> counts = count(pipeline, events, WindowingSpec.seedDefaults());

    PAssert.that(counts)
        .containsInAnyOrder(
            pane("07:59:30", STARTED, 1, 0, Timing.ON_TIME, false),
            pane("08:00:00", STARTED, 1, 0, Timing.ON_TIME, false),
            pane("07:59:30", STARTED, 1, 1, Timing.LATE, true),
            pane("08:00:00", STARTED, 1, 1, Timing.LATE, true));
    pipeline.run().waitUntilFinish();
  }

  /**
   * (c) A late element within the allowed lateness, after the on-time pane, fires a LATE pane once the trigger
   * interval has passed; panes accumulate, so it carries the full count, not just the late element.
   */
  @Test
  void latePaneWithinAllowedLatenessCarriesTheFullAccumulatedCount(TestPipeline pipeline) {
    TestStream<RideEvent> events =
        stream()
            .addElements(event(STARTED, "08:00:10"), event(STARTED, "08:00:20"))
            .advanceWatermarkTo(at("08:01:00"))
            // 08:00:25 is behind the watermark and in two windows whose ends have passed, but not their lateness.
            .addElements(event(STARTED, "08:00:25"))
            .advanceProcessingTime(Duration.standardSeconds(31))
            .advanceWatermarkToInfinity();
    PCollection<WindowCount> counts = count(pipeline, events, WindowingSpec.seedDefaults());

    PAssert.that(counts)
        .containsInAnyOrder(
            pane("07:59:30", STARTED, 2, 0, Timing.ON_TIME, false),
            pane("08:00:00", STARTED, 2, 0, Timing.ON_TIME, false),
            pane("07:59:30", STARTED, 3, 1, Timing.LATE, false),
            pane("08:00:00", STARTED, 3, 1, Timing.LATE, false),
            pane("07:59:30", STARTED, 3, 2, Timing.LATE, true),
            pane("08:00:00", STARTED, 3, 2, Timing.LATE, true));
    PAssert.that(counts)
        .inOnTimePane(window("07:59:30"))
        .containsInAnyOrder(pane("07:59:30", STARTED, 2, 0, Timing.ON_TIME, false));
    PAssert.that(counts)
        .inLatePane(window("07:59:30"))
        .containsInAnyOrder(
            pane("07:59:30", STARTED, 3, 1, Timing.LATE, false), pane("07:59:30", STARTED, 3, 2, Timing.LATE, true));
    PAssert.that(counts)
        .inFinalPane(window("07:59:30"))
        .containsInAnyOrder(pane("07:59:30", STARTED, 3, 2, Timing.LATE, true));
    pipeline.run().waitUntilFinish();
  }

  /**
   * (d) An element older than end + allowed lateness of its windows, behind the watermark, is dropped: no pane counts
   * it, and the runner's late-drop counter counts its two (event, window) assignments. Here the element arrives
   * stamped with its own {@code ts}, so the count step's ingestion check lets it through and the runner drops it.
   */
  @Test
  void droppablyLateElementIsDroppedByTheRunnerAndCounted(TestPipeline pipeline) {
    TestStream<RideEvent> events =
        stream()
            .addElements(event(STARTED, "08:00:10"))
            .advanceWatermarkTo(at("08:01:00"))
            // Both windows of 08:00:10 close at 08:10:29.999 and 08:10:59.999.
            .advanceWatermarkTo(at("08:20:00"))
            // Too late for both its windows: dropped.
            .addElements(event(STARTED, "08:00:15"))
            // On time: still counted.
            .addElements(event(STARTED, "08:20:10"))
            .advanceWatermarkTo(at("08:21:00"))
            .advanceWatermarkToInfinity();
    PCollection<WindowCount> counts = count(pipeline, events, WindowingSpec.seedDefaults());

    PAssert.that(counts)
        .containsInAnyOrder(
            pane("07:59:30", STARTED, 1, 0, Timing.ON_TIME, false),
            pane("08:00:00", STARTED, 1, 0, Timing.ON_TIME, false),
            pane("07:59:30", STARTED, 1, 1, Timing.LATE, true),
            pane("08:00:00", STARTED, 1, 1, Timing.LATE, true),
            pane("08:19:30", STARTED, 1, 0, Timing.ON_TIME, false),
            pane("08:20:00", STARTED, 1, 0, Timing.ON_TIME, false),
            pane("08:19:30", STARTED, 1, 1, Timing.LATE, true),
            pane("08:20:00", STARTED, 1, 1, Timing.LATE, true));

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(2, counterNamedAnywhere(result, DIRECT_RUNNER_DROPPED_LATE));
    assertEquals(2, counterNamedAnywhereIgnoringCase(result, RideCountsMetrics.DROPPED_LATE));
    assertEquals(0, rideCounter(result, RideCountsMetrics.DROPPED_LATE_AT_INGESTION));
    // The assignment counter runs before any drop: 3 events x 2 windows, the dropped one included.
    assertEquals(6, rideCounter(result, RideCountsMetrics.WINDOW_ASSIGNMENTS));
  }

  /**
   * (d') The source stamps an event that is behind the partition watermark with the watermark. The count step
   * restores its {@code ts} for windowing and drops each window that had closed before that arrival stamp, itself
   * (counter {@code dropped_late}), so the runner never sees it. An event stamped while its windows are still open
   * is counted in a LATE pane instead.
   */
  @Test
  void eventArrivingAfterItsWindowsClosedIsDroppedAtIngestion(TestPipeline pipeline) {
    TestStream<RideEvent> events =
        stream()
            .addElements(event(STARTED, "08:00:10"))
            .advanceWatermarkTo(at("08:05:00"))
            .addElements(arriving(STARTED, "08:00:25", "08:05:00")) // late, windows still open: counted
            .advanceProcessingTime(Duration.standardSeconds(31))
            .advanceWatermarkTo(at("08:20:00")) // closes both windows
            .addElements(arriving(STARTED, "08:00:15", "08:20:00")) // both windows closed: dropped
            .advanceWatermarkToInfinity();
    PCollection<WindowCount> counts = count(pipeline, events, WindowingSpec.seedDefaults());

    PAssert.that(counts)
        .containsInAnyOrder(
            pane("07:59:30", STARTED, 1, 0, Timing.ON_TIME, false),
            pane("08:00:00", STARTED, 1, 0, Timing.ON_TIME, false),
            pane("07:59:30", STARTED, 2, 1, Timing.LATE, false),
            pane("08:00:00", STARTED, 2, 1, Timing.LATE, false),
            pane("07:59:30", STARTED, 2, 2, Timing.LATE, true),
            pane("08:00:00", STARTED, 2, 2, Timing.LATE, true));

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(2, rideCounter(result, RideCountsMetrics.DROPPED_LATE_AT_INGESTION));
    assertEquals(0, counterNamedAnywhereIgnoringCase(result, RideCountsMetrics.DROPPED_LATE));
    assertEquals(6, rideCounter(result, RideCountsMetrics.WINDOW_ASSIGNMENTS));
  }

  /**
   * (d'') The ingestion check is per window and inclusive: an arrival stamp equal to a window's close (end - 1 ms +
   * allowed lateness) keeps the event in it, one millisecond later drops it there but not from its later window.
   */
  @Test
  void ingestionDropIsPerWindowAndKeepsAnArrivalExactlyAtTheClose(TestPipeline pipeline) {
    TestStream<RideEvent> events =
        stream()
            // [07:59:30, 08:00:30) closes at 08:10:29.999; [08:00:00, 08:01:00) at 08:10:59.999.
            .addElements(arriving(STARTED, "08:00:10", "08:10:29.999"))
            .addElements(arriving(STARTED, "08:00:20", "08:10:30.000"))
            .addElements(arriving(STARTED, "08:00:29.999", "08:10:59.999"))
            .addElements(arriving(STARTED, "08:00:05", "08:11:00.000"))
            .advanceWatermarkToInfinity();
    PCollection<WindowCount> counts = count(pipeline, events, WindowingSpec.seedDefaults());

    PAssert.that(counts)
        .containsInAnyOrder(
            pane("07:59:30", STARTED, 1, 0, Timing.ON_TIME, true),
            pane("08:00:00", STARTED, 3, 0, Timing.ON_TIME, true));

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(4, rideCounter(result, RideCountsMetrics.DROPPED_LATE_AT_INGESTION)); // 0 + 1 + 1 + 2
    assertEquals(8, rideCounter(result, RideCountsMetrics.WINDOW_ASSIGNMENTS));
    // per event: the first three keep at least one window, the last loses both
    assertEquals(3, rideCounter(result, RideCountsMetrics.EVENTS_COUNTED));
    assertEquals(1, rideCounter(result, RideCountsMetrics.EVENTS_DROPPED_LATE));
    assertEquals(0, counterNamedAnywhereIgnoringCase(result, RideCountsMetrics.DROPPED_LATE));
  }

  /**
   * (e) Every event is counted in exactly two sliding windows; the window bounds are [start, end). The watermark
   * jumps from before every window's end straight past its close, so each window fires exactly one pane: ON_TIME
   * (the first non-early pane) and final at once.
   */
  @Test
  void eachEventIsCountedInExactlyTwoWindows(TestPipeline pipeline) {
    TestStream<RideEvent> events =
        stream()
            .addElements(
                event(STARTED, "08:00:10"),
                event(STARTED, "08:00:30"), // on a window boundary: in [08:00:00, 08:01:00) and [08:00:30, 08:01:30)
                event(STARTED, "08:00:45"),
                event(STARTED, "08:01:05"),
                event(STARTED, "08:01:59.999"))
            .advanceWatermarkToInfinity();
    PCollection<WindowCount> counts = count(pipeline, events, WindowingSpec.seedDefaults());

    PAssert.that(counts)
        .containsInAnyOrder(
            pane("07:59:30", STARTED, 1, 0, Timing.ON_TIME, true), // 08:00:10
            pane("08:00:00", STARTED, 3, 0, Timing.ON_TIME, true), // 08:00:10, 08:00:30, 08:00:45
            pane("08:00:30", STARTED, 3, 0, Timing.ON_TIME, true), // 08:00:30, 08:00:45, 08:01:05
            pane("08:01:00", STARTED, 2, 0, Timing.ON_TIME, true), // 08:01:05, 08:01:59.999
            pane("08:01:30", STARTED, 1, 0, Timing.ON_TIME, true)); // 08:01:59.999
    PAssert.that(counts)
        .inOnlyPane(window("08:00:30"))
        .containsInAnyOrder(pane("08:00:30", STARTED, 3, 0, Timing.ON_TIME, true));

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    // 1 + 3 + 3 + 2 + 1 = 10 = 2 x 5 events
    assertEquals(10, rideCounter(result, RideCountsMetrics.WINDOW_ASSIGNMENTS));
    assertEquals(0, rideCounter(result, RideCountsMetrics.DROPPED_LATE_AT_INGESTION));
  }

  /** (f) A JSON null event_type and an absent one are both counted under the null key; "" is a different key. */
  @Test
  void nullAndAbsentEventTypeAreCountedUnderTheNullKey(TestPipeline pipeline) {
    long ts = at("08:00:10").getMillis();
    String[] values = {
      "{\"event_id\":\"a\",\"user_id\":\"u\",\"event_type\":null,\"ts\":" + ts + "}",
      "{\"event_id\":\"b\",\"user_id\":\"u\",\"ts\":" + ts + "}",
      "{\"event_id\":\"c\",\"user_id\":\"u\",\"event_type\":\"ride_started\",\"ts\":" + ts + "}",
      "{\"event_id\":\"d\",\"user_id\":\"u\",\"event_type\":\"\",\"ts\":" + ts + "}",
      "{\"event_id\":\"e\",\"user_id\":\"u\",\"event_type\":\"null\",\"ts\":" + ts + "}",
    };
    TestStream.Builder<RideEvent> builder = stream();
    for (String value : values) {
      ParsedRecord parsed = RideEventParser.parse(value.getBytes(StandardCharsets.UTF_8));
      assertTrue(parsed.isValid(), parsed::toString);
      builder = builder.addElements(TimestampedValue.of(parsed.event(), new Instant(parsed.event().tsMillis())));
    }
    PCollection<WindowCount> counts =
        count(pipeline, builder.advanceWatermarkTo(at("08:01:00")).advanceWatermarkToInfinity(),
            WindowingSpec.seedDefaults());

    PAssert.that(counts)
        .inOnTimePane(window("08:00:00"))
        .containsInAnyOrder(
            pane("08:00:00", null, 2, 0, Timing.ON_TIME, false),
            pane("08:00:00", STARTED, 1, 0, Timing.ON_TIME, false),
            pane("08:00:00", "", 1, 0, Timing.ON_TIME, false),
            pane("08:00:00", "null", 1, 0, Timing.ON_TIME, false));
    PAssert.that(counts)
        .inFinalPane(window("07:59:30"))
        .containsInAnyOrder(
            pane("07:59:30", null, 2, 1, Timing.LATE, true),
            pane("07:59:30", STARTED, 1, 1, Timing.LATE, true),
            pane("07:59:30", "", 1, 1, Timing.LATE, true),
            pane("07:59:30", "null", 1, 1, Timing.LATE, true));
    pipeline.run().waitUntilFinish();
  }

  /**
   * (g) Append mode: exactly one pane per (window, event type), final, fired only when the window closes (end +
   * allowed lateness behind the watermark), so it includes late data that arrived within the lateness and excludes
   * data that arrived after it closed.
   */
  @Test
  void appendModeEmitsOneFinalPanePerKeyWhenTheWindowCloses(TestPipeline pipeline) {
    TestStream<RideEvent> events =
        stream()
            .addElements(event(STARTED, "08:00:10"), event(STARTED, "08:00:20"), event(ENDED, "08:00:40"))
            .advanceProcessingTime(Duration.standardSeconds(31)) // no early pane in append mode
            .advanceWatermarkTo(at("08:01:00")) // [07:59:30, 08:00:30) and [08:00:00, 08:01:00) end: no pane
            .addElements(event(STARTED, "08:00:25")) // late, within lateness: both windows
            .advanceProcessingTime(Duration.standardSeconds(31)) // no late pane either
            .advanceWatermarkTo(at("08:10:00")) // nothing has closed yet
            .addElements(event(STARTED, "08:00:05")) // late, within lateness: both windows
            .advanceWatermarkTo(at("08:10:45")) // closes [07:59:30, 08:00:30) only (08:10:29.999)
            .addElements(event(STARTED, "08:00:15")) // dropped from the closed window, counted in the open one
            .advanceWatermarkToInfinity();
    PCollection<WindowCount> counts = count(pipeline, events, appendSpec());

    PAssert.that(counts)
        .containsInAnyOrder(
            pane("07:59:30", STARTED, 4, 0, Timing.ON_TIME, true),
            pane("08:00:00", STARTED, 5, 0, Timing.ON_TIME, true),
            pane("08:00:00", ENDED, 1, 0, Timing.ON_TIME, true),
            pane("08:00:30", ENDED, 1, 0, Timing.ON_TIME, true));
    PAssert.that(counts)
        .inOnlyPane(window("07:59:30"))
        .containsInAnyOrder(pane("07:59:30", STARTED, 4, 0, Timing.ON_TIME, true));
    PAssert.that(counts)
        .inFinalPane(window("08:00:00"))
        .containsInAnyOrder(
            pane("08:00:00", STARTED, 5, 0, Timing.ON_TIME, true), pane("08:00:00", ENDED, 1, 0, Timing.ON_TIME, true));
    PAssert.that(counts).inEarlyPane(window("08:00:00")).empty();
    PAssert.that(counts).inLatePane(window("08:00:00")).empty();

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    // 08:00:15 reached the runner after [07:59:30, 08:00:30) had closed: one assignment dropped there.
    assertEquals(1, counterNamedAnywhere(result, DIRECT_RUNNER_DROPPED_LATE));
  }
}
