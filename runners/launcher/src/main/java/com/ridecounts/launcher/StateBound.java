package com.ridecounts.launcher;

/**
 * The state the job should hold at any time, whatever the number of events: at watermark W a sliding window is open
 * from its first event until W passes its end plus the allowed lateness, where W trails the largest event time by the
 * watermark delay; so the open windows are those ending in (max - delay - lateness, max + size], {@code ceil((size +
 * lateness + delay) / period)} of them, each with at most one count per event type.
 * {@code statecheck} prints this bound next to the measured heap.
 *
 * @param openWindows windows open at one time
 * @param eventTypes distinct event types the input has (the missing type counts as one)
 */
record StateBound(long openWindows, int eventTypes) {
  static StateBound of(WindowRules rules, int eventTypes) {
    long span = rules.sizeMillis() + rules.allowedLatenessMillis() + rules.watermarkDelayMillis();
    return new StateBound((span + rules.periodMillis() - 1) / rules.periodMillis(), eventTypes);
  }

  /** Open (window, event type) keys. */
  long keys() {
    return openWindows * eventTypes;
  }
}
