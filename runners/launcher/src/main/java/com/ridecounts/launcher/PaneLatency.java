package com.ridecounts.launcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * End-to-end latency per event, from the input record's Kafka timestamp to the Kafka timestamp of the first output
 * pane that includes the event, computed from the two topics alone (pure: no Kafka here).
 *
 * <p>Which pane includes an event is not in the output, so this approximates it: the panes of a (window, event type)
 * key accumulate, so the k-th event of the key to arrive (in input Kafka-timestamp order) is taken to be included in
 * the first pane of that key whose count is at least k. An event's latency is the smallest over its sliding windows.
 * The approximation is exact while events of a key are counted in arrival order; it is off where a runner counts them
 * in another order (several partitions read at different speeds) or drops some as too late (the k-th counted event is
 * then a later one, so latencies come out longer). Events whose windows never reach a pane with count ≥ k are
 * "unmatched" (not yet counted when the run stopped, dropped, or a malformed record that the job dead-letters: callers
 * pass only valid events).
 */
final class PaneLatency {
  /** One valid input event: its record's Kafka timestamp, its event time and type. */
  record Input(long kafkaTsMillis, long eventTimeMillis, @Nullable String eventType) {}

  /** One output pane (or, for the reference, one output row): its record's Kafka timestamp, key and count. */
  record Pane(long kafkaTsMillis, long windowStartMillis, long windowEndMillis, @Nullable String eventType, long count) {}

  /** The latency figures of the events in the measured interval; percentiles are null when none was matched. */
  record Result(
      long measured, long matched, long unmatched, @Nullable Long p50Millis, @Nullable Long p99Millis,
      @Nullable Long maxMillis) {}

  private record Key(long windowStartMillis, long windowEndMillis, @Nullable String eventType) {}

  /** A key's panes in output order, with the running maximum count, for "first pane with count ≥ k". */
  private static final class KeyPanes {
    private final List<long[]> tsAndRunningMax = new ArrayList<>();

    void add(long kafkaTsMillis, long count) {
      long max = tsAndRunningMax.isEmpty() ? count : Math.max(count, tsAndRunningMax.get(tsAndRunningMax.size() - 1)[1]);
      tsAndRunningMax.add(new long[] {kafkaTsMillis, max});
    }

    /** The Kafka timestamp of the first pane with count ≥ k, or null. */
    @Nullable Long firstReaching(long k) {
      int lo = 0;
      int hi = tsAndRunningMax.size();
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (tsAndRunningMax.get(mid)[1] >= k) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      return lo < tsAndRunningMax.size() ? Long.valueOf(tsAndRunningMax.get(lo)[0]) : null;
    }
  }

  private PaneLatency() {}

  /**
   * Latencies of the inputs whose Kafka timestamp is in {@code [fromMillis, toMillis)}; every input counts towards
   * the arrival order of its keys.
   *
   * @param inputs every valid input event of the run, in arrival order (Kafka timestamp, then offset)
   * @param panes every output pane of the run, in the order they were written
   */
  static Result compute(List<Input> inputs, List<Pane> panes, WindowRules rules, long fromMillis, long toMillis) {
    Map<Key, KeyPanes> byKey = new HashMap<>();
    for (Pane pane : panes) {
      byKey
          .computeIfAbsent(new Key(pane.windowStartMillis(), pane.windowEndMillis(), pane.eventType()), k -> new KeyPanes())
          .add(pane.kafkaTsMillis(), pane.count());
    }
    Map<Key, Long> arrived = new HashMap<>();
    long[] latencies = new long[inputs.size()];
    int matched = 0;
    long measured = 0;
    for (Input input : inputs) {
      boolean inInterval = input.kafkaTsMillis() >= fromMillis && input.kafkaTsMillis() < toMillis;
      Long best = null;
      for (long[] window : rules.windowsOf(input.eventTimeMillis())) {
        Key key = new Key(window[0], window[1], input.eventType());
        long k = arrived.merge(key, 1L, Long::sum);
        KeyPanes keyPanes = byKey.get(key);
        Long paneTs = keyPanes == null ? null : keyPanes.firstReaching(k);
        if (paneTs != null && (best == null || paneTs < best)) {
          best = paneTs;
        }
      }
      if (inInterval) {
        measured++;
        if (best != null) {
          latencies[matched++] = best - input.kafkaTsMillis();
        }
      }
    }
    long[] sorted = Arrays.copyOf(latencies, matched);
    Arrays.sort(sorted);
    return new Result(
        measured,
        matched,
        measured - matched,
        percentile(sorted, 50),
        percentile(sorted, 99),
        matched == 0 ? null : sorted[matched - 1]);
  }

  /** The nearest-rank percentile of sorted values: the smallest value with at least p% of the values ≤ it. */
  static @Nullable Long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return null;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
