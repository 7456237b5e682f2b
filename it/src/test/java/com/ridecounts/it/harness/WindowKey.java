package com.ridecounts.it.harness;

import java.util.Comparator;

/** A (window, event type) result key; {@code eventType} null stands for events without a type. */
public record WindowKey(long startMillis, long endMillis, String eventType) {
  /** Window start, then window end, then event type with the null type first. */
  public static final Comparator<WindowKey> ORDER =
      Comparator.comparingLong(WindowKey::startMillis)
          .thenComparingLong(WindowKey::endMillis)
          .thenComparing(WindowKey::eventType, Comparator.nullsFirst(Comparator.naturalOrder()));

  @Override
  public String toString() {
    return "[" + java.time.Instant.ofEpochMilli(startMillis) + ", " + java.time.Instant.ofEpochMilli(endMillis) + ") "
        + (eventType == null ? "(null)" : eventType);
  }
}
