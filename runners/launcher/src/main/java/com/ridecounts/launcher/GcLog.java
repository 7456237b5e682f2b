package com.ridecounts.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a JVM log written with {@code -Xlog:gc:file=F:timemillis}: one {@link Pause} per young, mixed or full
 * collection, with the heap occupancy after it. Lines of other kinds (start-up, G1's remark and cleanup pauses, which
 * do not evacuate) are skipped. Example line:
 *
 * <pre>[1795662327403ms] GC(12) Pause Young (Normal) (G1 Evacuation Pause) 301M-&gt;87M(1024M) 4.215ms</pre>
 */
final class GcLog {
  private static final Pattern PAUSE =
      Pattern.compile(
          "^\\[(\\d+)ms\\].*GC\\(\\d+\\) (Pause (?:Young|Full)(?: \\([^)]*\\))*) (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  /**
   * One collection.
   *
   * @param epochMillis when it ended (the log's timemillis decoration)
   * @param kind e.g. {@code Pause Young (Normal) (G1 Evacuation Pause)}, {@code Pause Full (Class Histogram)}
   * @param afterMb heap occupancy after the collection, in MiB
   * @param committedMb the heap's committed size, in MiB
   */
  record Pause(long epochMillis, String kind, double afterMb, double committedMb) {
    boolean full() {
      return kind.startsWith("Pause Full");
    }
  }

  private GcLog() {}

  static List<Pause> parse(List<String> lines) {
    List<Pause> pauses = new ArrayList<>();
    for (String line : lines) {
      Matcher m = PAUSE.matcher(line);
      if (m.find()) {
        pauses.add(
            new Pause(
                Long.parseLong(m.group(1)),
                m.group(2).trim(),
                mebibytes(m.group(5), m.group(6)),
                mebibytes(m.group(7), m.group(8))));
      }
    }
    return pauses;
  }

  /** {@code value} in the unit of a GC log line ({@code K}, {@code M} or {@code G}), in MiB. */
  static double mebibytes(String value, String unit) {
    double n = Double.parseDouble(value);
    switch (unit) {
      case "K":
        return n / 1024;
      case "G":
        return n * 1024;
      default:
        return n;
    }
  }
}
