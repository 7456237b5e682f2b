package com.ridecounts.benchmarks;

import java.nio.charset.StandardCharsets;

/**
 * Input values shaped like {@code ./ride-counts generate} output (event ids, users, the five event types, amounts or
 * null, millisecond {@code ts}), cycled by the benchmarks so that branch prediction cannot learn one value.
 */
final class SampleRecords {
  static final int COUNT = 1024;
  private static final String[] TYPES = {
    "ride_requested", "ride_started", "ride_completed", "ride_cancelled", "payment_processed"
  };
  private static final long T0 = 1_710_057_596_646L;

  private SampleRecords() {}

  static String eventType(int i) {
    return TYPES[i % TYPES.length];
  }

  static long ts(int i) {
    return T0 + i * 50L - (i % 7) * 1_000L;
  }

  static byte[][] values() {
    byte[][] values = new byte[COUNT][];
    for (int i = 0; i < COUNT; i++) {
      String amount = i % 3 == 0 ? "null" : String.format("%d.%02d", 5 + i % 60, i % 100);
      String json =
          String.format(
              "{\"event_id\":\"e-%08d-%08x\",\"user_id\":\"u-%d\",\"event_type\":\"%s\",\"amount\":%s,\"ts\":%d}",
              i, i * 2_654_435_761L & 0xffffffffL, 1000 + i % 4000, eventType(i), amount, ts(i));
      values[i] = json.getBytes(StandardCharsets.UTF_8);
    }
    return values;
  }
}
