package com.ridecounts.launcher;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The console summary of an evaluation: one line per runner (wall time, events/s, first output, peak RSS,
 * dead-lettered, dropped late, output records, duplicates), then the parity summary and every differing row with
 * its causes.
 */
final class EvaluationTable {
  private static final String RUNNER_ROW = "%-10s %-7s %8s %8s %9s %9s %7s %8s %8s %6s %8s%n";

  private EvaluationTable() {}

  static void print(PrintStream out, List<RunnerOutcome> outcomes, Parity parity) {
    out.printf(
        Locale.ROOT, RUNNER_ROW, "runner", "status", "wall s", "job s", "events/s", "1st out s", "RSS MB", "dead-let",
        "late", "output", "dupl");
    for (RunnerOutcome o : outcomes) {
      out.printf(
          Locale.ROOT,
          RUNNER_ROW,
          o.runner.id,
          o.ok ? "ok" : "FAILED",
          decimal(o.wallTimeS),
          decimal(o.seconds("job_time_s")),
          decimal(o.eventsPerSecond()),
          decimal(o.seconds("first_output_s")),
          decimal(o.peakRssMb),
          whole(o.figure("dead_lettered")),
          whole(o.figure("dropped_late")),
          whole(o.figure("output_records")),
          whole(o.figure("duplicates")));
    }
    for (RunnerOutcome o : outcomes) {
      if (!o.ok) {
        out.printf("%s failed:%n%s%n", o.runner.id, o.error);
      }
    }
    out.printf(
        Locale.ROOT,
        "parity over %s (must agree: %s): %d rows, %d differences, %d unexplained, %d where the must-agree runners"
            + " differ%n",
        String.join(", ", parity.runners),
        String.join(", ", parity.mustAgree),
        parity.rows.size(),
        parity.differences,
        parity.unexplained,
        parity.mustAgreeDifferences);
    for (Parity.Row row : parity.differing()) {
      out.printf(
          Locale.ROOT,
          "  %s..%s %-17s %s  %s%n",
          Instant.ofEpochMilli(row.key().windowStartMillis()),
          Instant.ofEpochMilli(row.key().windowEndMillis()),
          row.key().eventType() == null ? "(null)" : row.key().eventType(),
          counts(row.counts()),
          row.causes().isEmpty()
              ? "UNEXPLAINED"
              : row.causes().stream().map(c -> c.id).collect(Collectors.joining(", ")));
    }
    parity.causeRows.forEach(
        (cause, rows) ->
            out.printf(Locale.ROOT, "%s (%d rows): %s%n", cause.id, rows, parity.explanations.get(cause)));
  }

  private static String counts(Map<String, @Nullable Long> counts) {
    return counts.entrySet().stream()
        .map(e -> e.getKey() + "=" + (e.getValue() == null ? "-" : e.getValue()))
        .collect(Collectors.joining(" "));
  }

  private static String decimal(@Nullable Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String whole(@Nullable Long value) {
    return value == null ? "-" : String.valueOf(value);
  }
}
