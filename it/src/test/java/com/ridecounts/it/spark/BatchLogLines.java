package com.ridecounts.it.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-batch lines that {@code com.ridecounts.spark.BatchLogListener} writes to a Spark job's log ("Batch
 * 2026-11-25T10:15:03Z completed: 500 input records, processing 812 ms, scheduling delay 3 ms"), parsed.
 */
final class BatchLogLines {
  private static final Pattern LINE =
      Pattern.compile("Batch (\\S+) completed: (\\d+) input records, processing (-?\\d+) ms, scheduling delay (-?\\d+) ms");

  /** One completed micro-batch. */
  record Batch(String time, long inputRecords, long processingMillis, long schedulingDelayMillis) {}

  private BatchLogLines() {}

  /** Every batch line in {@code log}, in log order; an unreadable log has none. */
  static List<Batch> read(Path log) {
    List<Batch> batches = new ArrayList<>();
    if (!Files.exists(log)) {
      return batches;
    }
    try {
      for (String line : Files.readAllLines(log)) {
        Matcher m = LINE.matcher(line);
        if (m.find()) {
          batches.add(
              new Batch(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                  Long.parseLong(m.group(4))));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return batches;
  }

  /** The batches of {@code log} that read at least one record. */
  static List<Batch> withInput(Path log) {
    return read(log).stream().filter(b -> b.inputRecords() > 0).toList();
  }
}
