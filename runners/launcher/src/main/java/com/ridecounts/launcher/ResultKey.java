package com.ridecounts.launcher;

import com.ridecounts.model.WindowCount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A (window, event type) key of the evaluation's parity table; ordered by window, then type with null first. */
record ResultKey(long windowStartMillis, long windowEndMillis, @Nullable String eventType) {
  static final Comparator<ResultKey> ORDER =
      Comparator.comparingLong(ResultKey::windowStartMillis)
          .thenComparingLong(ResultKey::windowEndMillis)
          .thenComparing(ResultKey::eventType, Comparator.nullsFirst(Comparator.naturalOrder()));

  static ResultKey of(WindowCount count) {
    return new ResultKey(count.windowStartMillis(), count.windowEndMillis(), count.eventType());
  }

  /** The counts of a FINAL.jsonl file written by {@code replay}, by key. */
  static TreeMap<ResultKey, Long> readFinal(Path file) throws IOException {
    TreeMap<ResultKey, Long> counts = new TreeMap<>(ORDER);
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        WindowCount count = ReferenceReplay.LatestCounts.parse(line);
        counts.put(of(count), count.count());
      }
    }
    return counts;
  }

  /** Adds {@code amount} to {@code key}'s entry of {@code counts}. */
  static void add(Map<ResultKey, Long> counts, ResultKey key, long amount) {
    counts.merge(key, amount, Long::sum);
  }
}
