package com.ridecounts.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The figures one {@code replay} knows about its own run, written with {@code --summaryJson FILE} as one JSON object
 * (unknown values are {@code null}) and read back by {@code evaluate}: {@code runner}, {@code kind} (beam |
 * reference), {@code records_read}, {@code dead_lettered}, {@code dropped_late}, {@code expected_assignments}, {@code
 * output_records}, {@code duplicates}, {@code results}, {@code count_sum}, {@code job_time_s}, {@code first_output_s},
 * {@code unaccounted_assignments} (Beam), {@code final_watermark} and {@code open_windows} (reference).
 */
final class ReplaySummary {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Map<String, @Nullable Object> fields = new LinkedHashMap<>();

  ReplaySummary put(String name, @Nullable Object value) {
    fields.put(name, value);
    return this;
  }

  /** Seconds (to the ms) from {@code fromNanos} to {@code toNanos} (System.nanoTime), or null if there is no end. */
  static @Nullable Double seconds(long fromNanos, @Nullable Long toNanos) {
    return toNanos == null ? null : Math.round((toNanos - fromNanos) / 1e6) / 1e3;
  }

  void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    MAPPER.writeValue(file.toFile(), fields);
  }

  static JsonNode read(Path file) throws IOException {
    return MAPPER.readTree(file.toFile());
  }
}
