package com.ridecounts.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One runner's entry of the evaluation: how its child process went ({@link MeasuredProcess}), the figures of its
 * replay summary ({@link ReplaySummary}) and its FINAL counts. Unknown values are null.
 */
final class RunnerOutcome {
  final EvaluatedRunner runner;
  final boolean ok;
  final @Nullable String error;
  final @Nullable Double wallTimeS;
  final @Nullable Double peakRssMb;
  /** The replay summary; an empty object when the runner failed. */
  private final JsonNode summary;
  /** FINAL.jsonl by key; empty when the runner failed. */
  final TreeMap<ResultKey, Long> finals;

  private RunnerOutcome(
      EvaluatedRunner runner,
      @Nullable String error,
      MeasuredProcess.@Nullable Result process,
      JsonNode summary,
      Map<ResultKey, Long> finals) {
    this.runner = runner;
    this.ok = error == null;
    this.error = error;
    this.wallTimeS = process == null ? null : process.wallSeconds();
    this.peakRssMb = process == null ? null : process.peakRssMb();
    this.summary = summary;
    this.finals = new TreeMap<>(ResultKey.ORDER);
    this.finals.putAll(finals);
  }

  static RunnerOutcome ok(
      EvaluatedRunner runner, MeasuredProcess.Result process, JsonNode summary, Map<ResultKey, Long> finals) {
    return new RunnerOutcome(runner, null, process, summary, finals);
  }

  static RunnerOutcome failed(EvaluatedRunner runner, MeasuredProcess.@Nullable Result process, String error) {
    return new RunnerOutcome(runner, error, process, JsonNodeFactory.instance.objectNode(), Map.of());
  }

  /** A whole-number figure of the replay summary, or null. */
  @Nullable Long figure(String name) {
    JsonNode node = summary.get(name);
    return node == null || node.isNull() ? null : node.asLong();
  }

  /** A decimal figure of the replay summary (seconds), or null. */
  @Nullable Double seconds(String name) {
    JsonNode node = summary.get(name);
    return node == null || node.isNull() ? null : node.asDouble();
  }

  /** records_read / job_time_s, or null. */
  @Nullable Double eventsPerSecond() {
    Long read = figure("records_read");
    Double job = seconds("job_time_s");
    return read == null || job == null || job <= 0 ? null : read / job;
  }

  /** The reference's final watermark in epoch ms, or null (Beam runners, or no watermark yet). */
  @Nullable Long finalWatermarkMillis() {
    JsonNode node = summary.get("final_watermark");
    return node == null || node.isNull() ? null : Instant.parse(node.asText()).toEpochMilli();
  }

  /** The count for {@code key}, null if this runner has no result for it. */
  @Nullable Long count(ResultKey key) {
    return finals.get(key);
  }
}
