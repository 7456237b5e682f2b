package com.ridecounts.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import com.ridecounts.model.WindowCount.Timing;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.jupiter.api.Test;

class WindowCountCoderTest {
  private static final long START = 1_710_057_600_000L; // 2024-03-10T08:00:00Z
  private static final long END = START + 60_000L;

  @Test
  void roundTripsCountsIncludingANullEventType() throws Exception {
    CoderTestSupport.assertRoundTrips(
        WindowCountCoder.of(),
        new WindowCount(START, END, "ride_started", 42L, 0L, Timing.EARLY, false),
        new WindowCount(START, END, null, 7L, 1L, Timing.ON_TIME, false),
        new WindowCount(START, END, "", 0L, 2L, Timing.LATE, true),
        new WindowCount(-30_000L, 30_000L, "\u00e9\uD83D\uDE95", Long.MAX_VALUE, Long.MAX_VALUE, Timing.LATE, true));
  }

  @Test
  void isDeterministicAndConsistentWithEquals() throws Exception {
    // The count is keyed downstream (e.g. last value per key), so equal counts must encode to equal bytes.
    assertDoesNotThrow(() -> WindowCountCoder.of().verifyDeterministic());
    WindowCount a = new WindowCount(START, END, null, 3L, 1L, Timing.ON_TIME, true);
    WindowCount b = new WindowCount(START, END, null, 3L, 1L, Timing.ON_TIME, true);
    WindowCount c = new WindowCount(START, END, "null", 3L, 1L, Timing.ON_TIME, true);
    CoderProperties.coderDeterministic(WindowCountCoder.of(), a, b);
    CoderProperties.coderConsistentWithEquals(WindowCountCoder.of(), a, b);
    CoderProperties.coderConsistentWithEquals(WindowCountCoder.of(), a, c);
  }
}
