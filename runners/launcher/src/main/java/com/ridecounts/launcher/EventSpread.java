package com.ridecounts.launcher;

/**
 * Where {@code statecheck} puts its events in event time: {@code events} clock values spread uniformly over {@code
 * spanMillis} from {@code startMillis}, event i at {@code start + floor(i * span / events)}, so every stretch of the
 * span gets the same number of events (to within one) whatever the total. The generator then adds its jitter and
 * late events to each clock value.
 *
 * @param startMillis event time of the first event (epoch ms)
 * @param spanMillis length of event time the events cover
 * @param events how many events
 */
record EventSpread(long startMillis, long spanMillis, long events) {
  EventSpread {
    if (events <= 0 || spanMillis <= 0) {
      throw new IllegalArgumentException("events and span must be positive: " + events + ", " + spanMillis);
    }
    if (events > Long.MAX_VALUE / spanMillis) {
      throw new IllegalArgumentException("too many events for a span of " + spanMillis + " ms: " + events);
    }
  }

  /** The clock value of event {@code i} (0-based, below {@code events}). */
  long clockMillis(long i) {
    return startMillis + i * spanMillis / events;
  }
}
