package com.ridecounts.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Peak heap use of a JVM from its unified GC log ({@code -Xlog:gc:file=F}, as {@code bench} starts its children).
 * Every collection line carries {@code BEFORE->AFTER(COMMITTED)} with a K, M or G unit, e.g. {@code [3.1s][info][gc]
 * GC(7) Pause Young (Normal) (G1 Evacuation Pause) 123M->45M(256M) 3.4ms}; the peak is the largest BEFORE (heap used
 * when a collection started; between collections the heap only grows, so this is the maximum the log can show), and
 * the largest AFTER is reported too (live data plus what the collector kept).
 */
record GcLogHeap(int collections, double peakUsedMb, double maxAfterGcMb) {
  private static final Pattern HEAP = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  /** The figures of a GC log's text; null if it has no collection line. */
  static @Nullable GcLogHeap parse(String log) {
    int collections = 0;
    double peak = 0;
    double maxAfter = 0;
    for (String line : log.split("\n")) {
      Matcher m = HEAP.matcher(line);
      if (m.find()) {
        collections++;
        peak = Math.max(peak, GcLog.mebibytes(m.group(1), m.group(2)));
        maxAfter = Math.max(maxAfter, GcLog.mebibytes(m.group(3), m.group(4)));
      }
    }
    return collections == 0 ? null : new GcLogHeap(collections, peak, maxAfter);
  }

  /** The figures of a GC log file; null if it is missing or has no collection line. */
  static @Nullable GcLogHeap read(Path file) throws IOException {
    return Files.isRegularFile(file) ? parse(Files.readString(file, StandardCharsets.UTF_8)) : null;
  }
}
