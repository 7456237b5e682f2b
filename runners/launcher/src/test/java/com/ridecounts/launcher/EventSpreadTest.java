package com.ridecounts.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EventSpreadTest {
  private static final long START = 1_710_057_600_000L; // 2024-03-10T08:00:00Z
  private static final long TWO_HOURS = 2 * 3_600_000L;

  @Test
  void theEventsCoverTheSpanFromItsStartWithoutReachingItsEnd() {
    EventSpread spread = new EventSpread(START, TWO_HOURS, 1_000_000);
    assertEquals(START, spread.clockMillis(0));
    long last = spread.clockMillis(999_999);
    assertTrue(last < START + TWO_HOURS, "last event inside the span");
    assertTrue(last > START + TWO_HOURS - 10, "last event at the span's end: " + (START + TWO_HOURS - last));
  }

  @Test
  void everyMinuteOfTheSpanGetsTheSameNumberOfEventsWithinOne() {
    long events = 1_234_567;
    EventSpread spread = new EventSpread(START, TWO_HOURS, events);
    long[] perMinute = new long[120];
    long previous = Long.MIN_VALUE;
    for (long i = 0; i < events; i++) {
      long clock = spread.clockMillis(i);
      assertTrue(clock >= previous, "clock values never go back");
      previous = clock;
      perMinute[(int) ((clock - START) / 60_000)]++;
    }
    long min = java.util.Arrays.stream(perMinute).min().orElseThrow();
    long max = java.util.Arrays.stream(perMinute).max().orElseThrow();
    assertTrue(max - min <= 1, "per-minute counts " + min + ".." + max);
    assertEquals(events, java.util.Arrays.stream(perMinute).sum());
  }

  @Test
  void moreEventsThanMillisecondsShareMilliseconds() {
    EventSpread spread = new EventSpread(START, 1_000, 4_000);
    assertEquals(START, spread.clockMillis(3));
    assertEquals(START + 1, spread.clockMillis(4));
    assertEquals(START + 999, spread.clockMillis(3_999));
  }

  @Test
  void rejectsAnEmptyOrOverflowingSpread() {
    assertThrows(IllegalArgumentException.class, () -> new EventSpread(START, TWO_HOURS, 0));
    assertThrows(IllegalArgumentException.class, () -> new EventSpread(START, 0, 10));
    assertThrows(IllegalArgumentException.class, () -> new EventSpread(START, Long.MAX_VALUE / 2, 3));
  }

  @Test
  void theBoundIsTheWindowsWithinSizePlusLatenessTimesTheTypes() {
    WindowRules rules = WindowRules.fromOptions(java.util.Map.of());
    StateBound bound = StateBound.of(rules, RideEventGenerator.distinctEventTypes());
    assertEquals(22, bound.openWindows()); // (60 s + 600 s) / 30 s
    assertEquals(6, bound.eventTypes()); // five named types and the missing one
    assertEquals(132, bound.keys());
    WindowRules delayed = WindowRules.fromOptions(java.util.Map.of("watermarkDelaySeconds", "45"));
    assertEquals(24, StateBound.of(delayed, 6).openWindows()); // ceil(705 / 30)
  }
}
