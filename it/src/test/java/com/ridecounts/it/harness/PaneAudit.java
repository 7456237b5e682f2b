package com.ridecounts.it.harness;

import com.ridecounts.it.harness.OutputRecords.CountPane;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a consumer of the counts topic saw, record by record, against the oracle's final counts: replayed records
 * (a (window, event type, pane index) seen before), replays whose count differs from the first copy, final panes whose
 * count is not the oracle's, counts that go down by pane index, and panes with a higher index than a final one.
 */
public record PaneAudit(
    long records,
    long duplicates,
    long duplicatesWithOtherCount,
    long finalsDifferingFromOracle,
    long decreasingByPaneIndex,
    long panesAfterFinal) {

  /** Audits {@code records} (values of the counts topic, in topic order) against {@code expected}. */
  public static PaneAudit of(List<ConsumedRecord> records, TreeMap<WindowKey, Long> expected) {
    Map<String, Long> countByPane = new HashMap<>();
    Map<WindowKey, TreeMap<Long, Long>> panesByKey = new HashMap<>();
    Map<WindowKey, Long> finalIndex = new HashMap<>();
    long duplicates = 0;
    long otherCount = 0;
    long wrongFinals = 0;
    for (ConsumedRecord record : records) {
      CountPane pane = OutputRecords.parseCountPane(record.value());
      Long previous = countByPane.putIfAbsent(pane.key() + "#" + pane.paneIndex(), pane.count());
      if (previous != null) {
        duplicates++;
        if (previous != pane.count()) {
          otherCount++;
        }
      }
      if (pane.isFinal()) {
        if (!Long.valueOf(pane.count()).equals(expected.get(pane.key()))) {
          wrongFinals++;
        }
        finalIndex.merge(pane.key(), pane.paneIndex(), Math::min);
      }
      panesByKey.computeIfAbsent(pane.key(), k -> new TreeMap<>()).merge(pane.paneIndex(), pane.count(), Math::max);
    }
    long decreasing = 0;
    long afterFinal = 0;
    for (Map.Entry<WindowKey, TreeMap<Long, Long>> key : panesByKey.entrySet()) {
      long highest = Long.MIN_VALUE;
      for (long count : key.getValue().values()) {
        if (count < highest) {
          decreasing++;
        }
        highest = Math.max(highest, count);
      }
      Long finalAt = finalIndex.get(key.getKey());
      if (finalAt != null) {
        afterFinal += key.getValue().tailMap(finalAt, false).size();
      }
    }
    return new PaneAudit(records.size(), duplicates, otherCount, wrongFinals, decreasing, afterFinal);
  }

  @Override
  public String toString() {
    return records + " records, " + duplicates + " replayed (same window, event type and pane index; "
        + duplicatesWithOtherCount + " of them with another count), " + finalsDifferingFromOracle
        + " final panes differing from the oracle, " + decreasingByPaneIndex + " counts going down by pane index, "
        + panesAfterFinal + " distinct panes indexed after a final one";
  }
}
