package com.ridecounts.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Latency per event from the first pane whose count includes it (k-th arrival ↔ first pane with count ≥ k). */
class PaneLatencyTest {
  /** Tumbling 60 s windows, so every event has one window and the expected latencies are easy to read. */
  private static final WindowRules TUMBLING = new WindowRules(60_000, 60_000, 600_000, 0);

  private static final WindowRules SLIDING = WindowRules.fromOptions(Map.of());

  private static PaneLatency.Input event(long kafkaTs, long eventTime, String type) {
    return new PaneLatency.Input(kafkaTs, eventTime, type);
  }

  private static PaneLatency.Pane pane(long kafkaTs, long windowStart, String type, long count) {
    return new PaneLatency.Pane(kafkaTs, windowStart, windowStart + 60_000, type, count);
  }

  @Test
  void theKthEventOfAKeyIsInTheFirstPaneWithCountAtLeastK() {
    List<PaneLatency.Input> inputs =
        List.of(event(1_000, 10_000, "a"), event(2_000, 11_000, "a"), event(3_000, 12_000, "a"));
    // early pane with the first two, then the on-time pane with all three
    List<PaneLatency.Pane> panes = List.of(pane(5_000, 0, "a", 2), pane(9_000, 0, "a", 3));
    PaneLatency.Result result = PaneLatency.compute(inputs, panes, TUMBLING, 0, Long.MAX_VALUE);
    // latencies 4,000, 3,000 and 6,000 ms
    assertEquals(3, result.measured());
    assertEquals(3, result.matched());
    assertEquals(0, result.unmatched());
    assertEquals(4_000L, result.p50Millis());
    assertEquals(6_000L, result.p99Millis());
    assertEquals(6_000L, result.maxMillis());
  }

  @Test
  void keysAreWindowAndEventType() {
    List<PaneLatency.Input> inputs =
        List.of(event(1_000, 10_000, "a"), event(1_000, 10_000, "b"), event(1_000, 70_000, "a"));
    List<PaneLatency.Pane> panes =
        List.of(pane(2_000, 0, "a", 1), pane(4_000, 60_000, "a", 1), pane(8_000, 0, "b", 1));
    PaneLatency.Result result = PaneLatency.compute(inputs, panes, TUMBLING, 0, Long.MAX_VALUE);
    // 1,000 (a, first window), 7,000 (b), 3,000 (a, second window)
    assertEquals(3_000L, result.p50Millis());
    assertEquals(7_000L, result.maxMillis());
  }

  @Test
  void aNullEventTypeIsAKeyOfItsOwn() {
    List<PaneLatency.Input> inputs = List.of(new PaneLatency.Input(1_000, 10_000, null));
    List<PaneLatency.Pane> panes =
        List.of(pane(2_000, 0, "a", 5), new PaneLatency.Pane(3_500, 0, 60_000, null, 1));
    assertEquals(2_500L, PaneLatency.compute(inputs, panes, TUMBLING, 0, Long.MAX_VALUE).p50Millis());
  }

  @Test
  void aPaneWithALowerCountDoesNotHideAnEarlierOneThatReachedK() {
    // an accumulating key whose counts go 2, 1 (a runner's anomaly), 3: the 2nd event was in the first pane
    List<PaneLatency.Input> inputs = List.of(event(1_000, 10_000, "a"), event(1_500, 10_000, "a"));
    List<PaneLatency.Pane> panes = List.of(pane(2_000, 0, "a", 2), pane(3_000, 0, "a", 1), pane(4_000, 0, "a", 3));
    PaneLatency.Result result = PaneLatency.compute(inputs, panes, TUMBLING, 0, Long.MAX_VALUE);
    assertEquals(1_000L, result.maxMillis());
  }

  @Test
  void withSlidingWindowsTheLatencyIsTheEarliestOfTheEventsWindows() {
    // event time 45 s is in [0, 60) and [30, 90); the pane of [30, 90) comes first
    List<PaneLatency.Input> inputs = List.of(event(1_000, 45_000, "a"));
    List<PaneLatency.Pane> panes = List.of(pane(3_000, 30_000, "a", 1), pane(9_000, 0, "a", 1));
    assertEquals(2_000L, PaneLatency.compute(inputs, panes, SLIDING, 0, Long.MAX_VALUE).p50Millis());
  }

  @Test
  void onlyEventsInTheIntervalAreMeasuredButAllCountTowardsArrivalOrder() {
    List<PaneLatency.Input> inputs =
        List.of(event(1_000, 10_000, "a"), event(2_000, 10_000, "a"), event(3_000, 10_000, "a"));
    List<PaneLatency.Pane> panes = List.of(pane(2_500, 0, "a", 2), pane(10_000, 0, "a", 3));
    // measure [2,000, 3,000): only the second event, the 2nd of its key, in the pane at 2,500
    PaneLatency.Result result = PaneLatency.compute(inputs, panes, TUMBLING, 2_000, 3_000);
    assertEquals(1, result.measured());
    assertEquals(500L, result.p50Millis());
    assertEquals(500L, result.p99Millis());
  }

  @Test
  void anEventNoPaneReachesIsUnmatched() {
    List<PaneLatency.Input> inputs =
        List.of(event(1_000, 10_000, "a"), event(2_000, 10_000, "a"), event(2_000, 10_000, "c"));
    List<PaneLatency.Pane> panes = List.of(pane(5_000, 0, "a", 1));
    PaneLatency.Result result = PaneLatency.compute(inputs, panes, TUMBLING, 0, Long.MAX_VALUE);
    assertEquals(3, result.measured());
    assertEquals(1, result.matched());
    assertEquals(2, result.unmatched());
    assertEquals(4_000L, result.p50Millis());
  }

  @Test
  void noMatchedEventMeansNoPercentiles() {
    PaneLatency.Result result =
        PaneLatency.compute(List.of(event(1_000, 10_000, "a")), List.of(), TUMBLING, 0, Long.MAX_VALUE);
    assertNull(result.p50Millis());
    assertNull(result.p99Millis());
    assertEquals(1, result.unmatched());
  }

  @Test
  void percentilesAreNearestRank() {
    long[] hundred = new long[100];
    for (int i = 0; i < 100; i++) {
      hundred[i] = i + 1; // 1..100
    }
    assertEquals(50L, PaneLatency.percentile(hundred, 50));
    assertEquals(99L, PaneLatency.percentile(hundred, 99));
    assertEquals(100L, PaneLatency.percentile(hundred, 100));
    assertEquals(7L, PaneLatency.percentile(new long[] {7}, 99));
    assertNull(PaneLatency.percentile(new long[0], 50));
  }

  @Test
  void p50IsAtMostP99OnAnyInput() {
    java.util.Random random = new java.util.Random(5);
    List<PaneLatency.Input> inputs = new ArrayList<>();
    List<PaneLatency.Pane> panes = new ArrayList<>();
    Map<String, Long> counts = new java.util.HashMap<>();
    for (int i = 0; i < 2_000; i++) {
      long ts = i * 10L;
      String type = "t" + random.nextInt(3);
      inputs.add(event(ts, ts, type));
      for (long[] w : SLIDING.windowsOf(ts)) {
        long count = counts.merge(w[0] + type, 1L, Long::sum);
        if (random.nextInt(10) == 0) {
          panes.add(new PaneLatency.Pane(ts + random.nextInt(5_000), w[0], w[1], type, count));
        }
      }
    }
    panes.sort(java.util.Comparator.comparingLong(PaneLatency.Pane::kafkaTsMillis));
    PaneLatency.Result result = PaneLatency.compute(inputs, panes, SLIDING, 0, Long.MAX_VALUE);
    assertEquals(2_000, result.measured());
    assertEquals(true, result.p50Millis() <= result.p99Millis());
    assertEquals(true, result.p99Millis() <= result.maxMillis());
  }
}
