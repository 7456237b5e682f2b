package com.ridecounts.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class WindowingSpecTest {
  private static WindowingSpec spec(long sizeMs, long periodMs) {
    return new WindowingSpec(
        Duration.millis(sizeMs), Duration.millis(periodMs), Duration.ZERO, Duration.ZERO, OutputMode.UPDATE);
  }

  @Test
  void seedDefaultsAreTheSeedJobsSettings() {
    WindowingSpec spec = WindowingSpec.seedDefaults();
    assertEquals(Duration.standardMinutes(1), spec.size());
    assertEquals(Duration.standardSeconds(30), spec.period());
    assertEquals(Duration.standardMinutes(10), spec.allowedLateness());
    assertEquals(Duration.standardSeconds(30), spec.triggerInterval());
    assertEquals(OutputMode.UPDATE, spec.outputMode());
  }

  @Test
  void windowsContainingAgreesWithBeamsSlidingWindows() {
    long[][] sizesAndPeriods = {{60_000, 30_000}, {60_000, 60_000}, {60_000, 25_000}, {60_000, 7_000}, {10, 3}};
    // The parser's ts domain, [0, 9999-12-31]. (For ts < -period Beam's SlidingWindows itself assigns a window that
    // does not contain ts, e.g. [-30000, 30000) for -59999: Java's % on a negative number; irrelevant here.)
    long[] timestamps = {
      0, 1, 29_999, 30_000, 30_001, 59_999, 60_000, 1_710_057_610_000L, 1_710_057_630_000L,
      com.ridecounts.model.RideEventParser.MAX_TS_MILLIS
    };
    for (long[] sp : sizesAndPeriods) {
      WindowingSpec spec = spec(sp[0], sp[1]);
      SlidingWindows beam = SlidingWindows.of(spec.size()).every(spec.period());
      for (long ts : timestamps) {
        assertEquals(
            beam.assignWindows(new Instant(ts)).size(),
            spec.windowsContaining(ts),
            "size " + sp[0] + " period " + sp[1] + " ts " + ts);
      }
    }
    assertEquals(2, WindowingSpec.seedDefaults().windowsContaining(1_710_057_610_000L));
  }

  @Test
  void rejectsInvalidSettings() {
    assertThrows(IllegalArgumentException.class, () -> spec(0, 0));
    assertThrows(IllegalArgumentException.class, () -> spec(60_000, 0));
    assertThrows(IllegalArgumentException.class, () -> spec(30_000, 60_000)); // period longer than size
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new WindowingSpec(
                Duration.standardMinutes(1),
                Duration.standardSeconds(30),
                Duration.millis(-1),
                Duration.ZERO,
                OutputMode.UPDATE));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new WindowingSpec(
                Duration.standardMinutes(1),
                Duration.standardSeconds(30),
                Duration.ZERO,
                Duration.millis(-1),
                OutputMode.APPEND));
    assertThrows(
        NullPointerException.class,
        () ->
            new WindowingSpec(
                Duration.standardMinutes(1), Duration.standardSeconds(30), Duration.ZERO, Duration.ZERO, null));
  }

  @Test
  void windowsOpenAtAppliesTheLateDropRulePerWindow() {
    WindowingSpec spec = WindowingSpec.seedDefaults(); // 1 min every 30 s, 10 min lateness
    long ts = 90_000L; // in [60 s, 120 s) and [90 s, 150 s), which close at 719,999 and 749,999
    assertEquals(2, spec.windowsOpenAt(ts, ts));
    assertEquals(2, spec.windowsOpenAt(ts, 719_999L));
    assertEquals(1, spec.windowsOpenAt(ts, 720_000L));
    assertEquals(1, spec.windowsOpenAt(ts, 749_999L));
    assertEquals(0, spec.windowsOpenAt(ts, 750_000L));
  }
}
