package com.ridecounts.launcher;

import java.util.List;
import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;

/** The markdown table of a {@code bench} run, printed to the console and written to {@code bench.md}. */
final class BenchTable {
  private BenchTable() {}

  static String render(List<BenchFigures> rows) {
    StringBuilder t = new StringBuilder();
    t.append("| system | events | job s | events/s | events/s after 1st output | latency at events/s | latency p50 ms |")
        .append(" latency p99 ms | latency events (unmatched) | peak RSS MB | peak heap MB | × reference | × ceiling | error |\n");
    t.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (BenchFigures r : rows) {
      t.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
              r.system(),
              r.events(),
              decimal(r.jobTimeS(), "%.1f"),
              decimal(r.eventsPerS(), "%,.0f"),
              decimal(r.eventsPerSAfterFirstOutput(), "%,.0f"),
              decimal(r.latencyRatePerS(), "%,.0f"),
              whole(r.latencyP50Ms()),
              whole(r.latencyP99Ms()),
              r.latencyEvents() == null ? "–" : whole(r.latencyEvents()) + " (" + whole(r.latencyUnmatched()) + ")",
              decimal(r.peakRssMb(), "%,.0f"),
              decimal(r.peakHeapMb(), "%,.0f"),
              decimal(r.ratioToReference(), "%.3f"),
              decimal(r.ratioToCeiling(), "%.4f"),
              r.error() == null ? "" : r.error().replace('|', '/').replace('\n', ' ')));
    }
    return t.toString();
  }

  private static String decimal(@Nullable Double value, String format) {
    return value == null ? "–" : String.format(Locale.ROOT, format, value);
  }

  private static String whole(@Nullable Long value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%,d", value);
  }
}
