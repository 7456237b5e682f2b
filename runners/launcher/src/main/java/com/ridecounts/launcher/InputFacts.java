package com.ridecounts.launcher;

import com.ridecounts.model.ParsedRecord;
import com.ridecounts.model.RideEvent;
import com.ridecounts.model.RideEventParser;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the input file alone says about the results, for {@code evaluate}'s cause attribution. Lines are taken in file
 * order, line i on partition i mod N (as {@code replay} produces them).
 *
 * <ul>
 *   <li><b>Beam job:</b> a line is valid by the job's own parser; each valid event's (event, window) assignment is
 *       dropped as too late when the window closed before its partition's watermark (max ts of the earlier valid lines
 *       of that partition minus the watermark delay), else counted: {@link #beamCounts}, {@link #beamDropped}.
 *   <li><b>Malformed to null:</b> lines the job rejects but the reference's permissive {@code from_json} counts
 *       ({@link PermissiveJson}), with their window assignments: {@link #malformedToNull}.
 *   <li><b>Reference may drop:</b> assignments the reference could drop although the Beam job counts them (or that
 *       only the reference has): its watermark is global, so the bound uses the max ts of all earlier lines of the
 *       file, malformed-to-null lines included: {@link #referenceMayDrop}.
 * </ul>
 */
final class InputFacts {
  final long lines;
  final long valid;
  final long windowAssignments;
  final long malformedToNullLines;
  final TreeMap<ResultKey, Long> beamCounts = new TreeMap<>(ResultKey.ORDER);
  final TreeMap<ResultKey, Long> beamDropped = new TreeMap<>(ResultKey.ORDER);
  final TreeMap<ResultKey, Long> malformedToNull = new TreeMap<>(ResultKey.ORDER);
  final TreeMap<ResultKey, Long> referenceMayDrop = new TreeMap<>(ResultKey.ORDER);
  /** Why the Beam job rejects the malformed-to-null lines: its parser's detail message, and how many lines. */
  final TreeMap<String, Long> malformedToNullRejections = new TreeMap<>();

  private InputFacts(List<byte[]> values, int partitions, WindowRules rules) {
    long[] partitionMax = new long[partitions];
    Arrays.fill(partitionMax, Long.MIN_VALUE);
    long globalMax = Long.MIN_VALUE;
    long validLines = 0;
    long assignments = 0;
    long malformedLines = 0;
    for (int i = 0; i < values.size(); i++) {
      int p = i % partitions;
      ParsedRecord record = RideEventParser.parse(values.get(i));
      if (record.isValid()) {
        RideEvent event = record.event();
        validLines++;
        for (long[] window : rules.windowsOf(event.tsMillis())) {
          ResultKey key = new ResultKey(window[0], window[1], event.eventType());
          assignments++;
          if (rules.tooLate(window[1], partitionMax[p])) {
            ResultKey.add(beamDropped, key, 1);
            continue;
          }
          ResultKey.add(beamCounts, key, 1);
          if (rules.tooLate(window[1], globalMax)) {
            ResultKey.add(referenceMayDrop, key, 1);
          }
        }
        partitionMax[p] = Math.max(partitionMax[p], event.tsMillis());
        globalMax = Math.max(globalMax, event.tsMillis());
        continue;
      }
      Optional<PermissiveJson.Counted> counted = PermissiveJson.parse(values.get(i));
      if (counted.isPresent()) {
        malformedLines++;
        malformedToNullRejections.merge(record.detail(), 1L, Long::sum);
        for (long[] window : rules.windowsOf(counted.get().tsMillis())) {
          ResultKey key = new ResultKey(window[0], window[1], counted.get().eventType());
          ResultKey.add(malformedToNull, key, 1);
          if (rules.tooLate(window[1], globalMax)) {
            ResultKey.add(referenceMayDrop, key, 1);
          }
        }
        globalMax = Math.max(globalMax, counted.get().tsMillis());
      }
    }
    this.lines = values.size();
    this.valid = validLines;
    this.windowAssignments = assignments;
    this.malformedToNullLines = malformedLines;
  }

  static InputFacts of(List<byte[]> values, int partitions, WindowRules rules) {
    return new InputFacts(values, partitions, rules);
  }

  long invalid() {
    return lines - valid;
  }

  /** All assignments the Beam job drops as too late. */
  long beamDroppedTotal() {
    return sum(beamDropped);
  }

  long malformedToNullAssignments() {
    return sum(malformedToNull);
  }

  long referenceMayDropTotal() {
    return sum(referenceMayDrop);
  }

  static long get(Map<ResultKey, Long> counts, ResultKey key) {
    return counts.getOrDefault(key, 0L);
  }

  private static long sum(Map<ResultKey, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
