package com.ridecounts.it.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.Record;

/**
 * The record values a deleted topic held, read from an embedded broker's log directory. Kafka renames a deleted
 * partition's directory to {@code <topic>-<partition>.<id>-delete} and removes it only after {@code
 * file.delete.delay.ms}, so a test that starts its broker with a long delay can still see exactly what the topic held
 * when it was deleted, including records written after the test's consumer last polled.
 */
public final class DeletedTopicRecords {
  private DeletedTopicRecords() {}

  /** The values of every record of every deleted partition of {@code topic} under {@code logDir}, as UTF-8. */
  public static List<String> values(Path logDir, String topic) {
    List<String> values = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(logDir)) {
      for (Path dir : dirs.filter(d -> isDeletedPartitionOf(d, topic)).sorted().toList()) {
        for (Path segment : segments(dir)) {
          readInto(segment.toFile(), values);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return values;
  }

  private static boolean isDeletedPartitionOf(Path dir, String topic) {
    String name = dir.getFileName().toString();
    return Files.isDirectory(dir) && name.startsWith(topic + "-") && name.endsWith("-delete")
        && name.substring(topic.length() + 1).matches("\\d+\\..*");
  }

  private static List<Path> segments(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.log(\\.deleted)?")).sorted().toList();
    }
  }

  private static void readInto(File segment, List<String> values) throws IOException {
    try (FileRecords records = FileRecords.open(segment, false)) {
      for (Record record : records.records()) {
        if (record.hasValue()) {
          byte[] bytes = new byte[record.valueSize()];
          record.value().get(bytes);
          values.add(new String(bytes, StandardCharsets.UTF_8));
        }
      }
    }
  }
}
