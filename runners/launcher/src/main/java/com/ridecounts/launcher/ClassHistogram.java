package com.ridecounts.launcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of {@code jcmd PID GC.class_histogram}, which first runs a full collection, so its total is the live
 * heap: bytes per class and the total. {@link #growth} lists the classes whose bytes grew most between two histograms
 * of one process, which is how {@code statecheck} names what grows with the number of events.
 *
 * <pre>
 *  num     #instances         #bytes  class name (module)
 * -------------------------------------------------------
 *    1:        520133       61234568  [B (java.base@17.0.15)
 * Total       2302417      181234992
 * </pre>
 */
final class ClassHistogram {
  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
  private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");

  /** Bytes of one class's instances: {@code delta} between two histograms, or a size. */
  record ClassBytes(String className, long bytes) {}

  private final Map<String, Long> bytesByClass;
  private final long totalBytes;

  private ClassHistogram(Map<String, Long> bytesByClass, long totalBytes) {
    this.bytesByClass = bytesByClass;
    this.totalBytes = totalBytes;
  }

  static ClassHistogram parse(List<String> lines) {
    Map<String, Long> bytes = new LinkedHashMap<>();
    long total = -1;
    for (String line : lines) {
      Matcher row = ROW.matcher(line);
      if (row.find()) {
        bytes.merge(row.group(3), Long.parseLong(row.group(2)), Long::sum);
        continue;
      }
      Matcher t = TOTAL.matcher(line);
      if (t.find()) {
        total = Long.parseLong(t.group(2));
      }
    }
    if (total < 0) {
      throw new IllegalArgumentException("not a class histogram: no Total line");
    }
    return new ClassHistogram(bytes, total);
  }

  /** All live bytes. */
  long totalBytes() {
    return totalBytes;
  }

  /** The {@code top} classes whose bytes grew most from {@code before} to {@code after}, largest growth first. */
  static List<ClassBytes> growth(ClassHistogram before, ClassHistogram after, int top) {
    List<ClassBytes> deltas = new ArrayList<>();
    after.bytesByClass.forEach(
        (name, bytes) -> deltas.add(new ClassBytes(name, bytes - before.bytesByClass.getOrDefault(name, 0L))));
    return deltas.stream()
        .filter(d -> d.bytes() > 0)
        .sorted(Comparator.comparingLong(ClassBytes::bytes).reversed())
        .limit(top)
        .toList();
  }
}
