package com.ridecounts.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's event-time settings as plain numbers, read from the same option names the runners get ({@code
 * windowSizeSeconds} 60, {@code windowPeriodSeconds} 30, {@code allowedLatenessSeconds} 600, {@code
 * watermarkDelaySeconds} 0), and the sliding windows of an instant. Used by {@code evaluate} to predict results from the
 * input file alone.
 */
record WindowRules(long sizeMillis, long periodMillis, long allowedLatenessMillis, long watermarkDelayMillis) {
  static WindowRules fromOptions(Map<String, String> options) {
    return new WindowRules(
        seconds(options, "windowSizeSeconds", 60),
        seconds(options, "windowPeriodSeconds", 30),
        seconds(options, "allowedLatenessSeconds", 600),
        seconds(options, "watermarkDelaySeconds", 0));
  }

  private static long seconds(Map<String, String> options, String name, long defaultSeconds) {
    return Long.parseLong(options.getOrDefault(name, String.valueOf(defaultSeconds))) * 1000L;
  }

  /** The windows {@code [start, start + size)} containing {@code tsMillis}, as {start, end} pairs. */
  List<long[]> windowsOf(long tsMillis) {
    List<long[]> windows = new ArrayList<>();
    for (long start = Math.floorDiv(tsMillis, periodMillis) * periodMillis;
        start > tsMillis - sizeMillis;
        start -= periodMillis) {
      windows.add(new long[] {start, start + sizeMillis});
    }
    return windows;
  }

  /**
   * Whether the Beam job drops an assignment to the window ending at {@code windowEndMillis} when its partition has
   * seen event times up to {@code maxEarlierTsMillis}: {@code window.maxTimestamp + allowedLateness < max - delay}.
   */
  boolean tooLate(long windowEndMillis, long maxEarlierTsMillis) {
    return maxEarlierTsMillis != Long.MIN_VALUE
        && windowEndMillis - 1 + allowedLatenessMillis < maxEarlierTsMillis - watermarkDelayMillis;
  }
}
