package com.ridecounts.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Renders {@code bench.json}: generated_at, command, machine (cores, memory, os, java, load averages at start and
 * end), settings, and {@code systems}, an object with one entry per system: events_per_s, latency_p50_ms,
 * latency_p99_ms, peak_rss_mb, ratio_to_reference, ratio_to_ceiling, plus events, job_time_s,
 * events_per_s_after_first_output, latency_max_ms, latency_events, latency_unmatched, peak_heap_mb and error. Unknown
 * values are JSON null, never 0.
 */
final class BenchJson {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BenchJson() {}

  /** The run's settings as written to the document. */
  record Settings(
      double rateEventsPerSecond, long latencySeconds, int partitions, String loadAverageAtStart,
      String loadAverageAtEnd) {}

  static String render(Instant generatedAt, String command, Settings settings, List<BenchFigures> rows) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("generated_at", generatedAt.truncatedTo(ChronoUnit.SECONDS).toString());
    root.put("command", command);
    ObjectNode machine = EvaluationJson.machine();
    machine.put("load_average_at_start", settings.loadAverageAtStart());
    machine.put("load_average_at_end", settings.loadAverageAtEnd());
    root.set("machine", machine);
    ObjectNode s = root.putObject("settings");
    s.put("rate_events_per_s", settings.rateEventsPerSecond());
    s.put("latency_seconds", settings.latencySeconds());
    s.put("partitions", settings.partitions());
    ObjectNode systems = root.putObject("systems");
    for (BenchFigures r : rows) {
      ObjectNode n = systems.putObject(r.system());
      n.put("events", r.events());
      put(n, "job_time_s", r.jobTimeS());
      put(n, "events_per_s", r.eventsPerS());
      put(n, "events_per_s_after_first_output", r.eventsPerSAfterFirstOutput());
      put(n, "latency_rate_events_per_s", r.latencyRatePerS());
      n.put("latency_p50_ms", r.latencyP50Ms());
      n.put("latency_p99_ms", r.latencyP99Ms());
      n.put("latency_max_ms", r.latencyMaxMs());
      n.put("latency_events", r.latencyEvents());
      n.put("latency_unmatched", r.latencyUnmatched());
      put(n, "peak_rss_mb", r.peakRssMb());
      put(n, "peak_heap_mb", r.peakHeapMb());
      putRatio(n, "ratio_to_reference", r.ratioToReference());
      putRatio(n, "ratio_to_ceiling", r.ratioToCeiling());
      n.put("error", r.error());
    }
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void put(ObjectNode node, String name, @Nullable Double value) {
    if (value == null) {
      node.putNull(name);
    } else {
      node.put(name, Math.round(value * 10) / 10.0);
    }
  }

  private static void putRatio(ObjectNode node, String name, @Nullable Double value) {
    if (value == null) {
      node.putNull(name);
    } else {
      node.put(name, Math.round(value * 10_000) / 10_000.0);
    }
  }
}
