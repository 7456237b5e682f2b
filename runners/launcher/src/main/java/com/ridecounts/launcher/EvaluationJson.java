package com.ridecounts.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes {@code evaluation.json}, the contract between {@code evaluate} and the HTML report: schema_version 1,
 * generated_at, command, machine, input, runners, parity and causes. Unknown values are JSON null, never 0.
 */
final class EvaluationJson {
  static final int SCHEMA_VERSION = 1;
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private EvaluationJson() {}

  /** The input section: the file as given, and what {@link InputFacts} found in it. */
  record InputSection(String file, InputFacts facts, int partitions) {}

  static String render(
      Instant generatedAt,
      String command,
      InputSection input,
      List<RunnerOutcome> outcomes,
      Parity parity) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schema_version", SCHEMA_VERSION);
    root.put("generated_at", generatedAt.truncatedTo(ChronoUnit.SECONDS).toString());
    root.put("command", command);
    root.set("machine", machine());
    ObjectNode in = root.putObject("input");
    in.put("file", input.file());
    in.put("lines", input.facts().lines);
    in.put("valid", input.facts().valid);
    in.put("invalid", input.facts().invalid());
    in.put("partitions", input.partitions());
    in.put("window_assignments", input.facts().windowAssignments);
    ArrayNode runners = root.putArray("runners");
    outcomes.forEach(o -> runners.add(runner(o)));
    root.set("parity", parity(parity));
    ArrayNode causes = root.putArray("causes");
    parity.causeRows.forEach(
        (cause, rows) -> {
          ObjectNode c = causes.addObject();
          c.put("id", cause.id);
          c.put("title", cause.title);
          c.put("explanation", parity.explanations.get(cause));
          c.put("rows", rows);
        });
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static void write(Path file, String json) throws IOException {
    Files.writeString(file, json);
  }

  static ObjectNode machine() {
    ObjectNode machine = MAPPER.createObjectNode();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    Long memoryMb = memoryMb();
    if (memoryMb == null) {
      machine.putNull("memory_mb");
    } else {
      machine.put("memory_mb", memoryMb);
    }
    machine.put(
        "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    machine.put("java", System.getProperty("java.version"));
    return machine;
  }

  private static @Nullable Long memoryMb() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean) {
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      return os.getTotalMemorySize() / (1024 * 1024);
    }
    return null;
  }

  private static ObjectNode runner(RunnerOutcome o) {
    ObjectNode r = MAPPER.createObjectNode();
    r.put("id", o.runner.id);
    r.put("runner", o.runner.runnerName);
    r.put("kind", o.runner.kind);
    r.put("status", o.ok ? "ok" : "failed");
    r.put("error", o.error);
    putRounded(r, "wall_time_s", o.wallTimeS);
    putRounded(r, "job_time_s", o.seconds("job_time_s"));
    putRounded(r, "events_per_s", o.eventsPerSecond());
    putRounded(r, "first_output_s", o.seconds("first_output_s"));
    putRounded(r, "peak_rss_mb", o.peakRssMb);
    for (String name :
        List.of("records_read", "dead_lettered", "dropped_late", "output_records", "duplicates", "results", "count_sum")) {
      r.put(name, o.figure(name));
    }
    r.put("final_semantics", o.runner.finalSemantics());
    return r;
  }

  private static void putRounded(ObjectNode node, String name, @Nullable Double value) {
    if (value == null) {
      node.putNull(name);
    } else {
      node.put(name, Math.round(value * 10) / 10.0);
    }
  }

  private static ObjectNode parity(Parity parity) {
    ObjectNode p = MAPPER.createObjectNode();
    parity.runners.forEach(p.putArray("runners")::add);
    parity.mustAgree.forEach(p.putArray("must_agree")::add);
    ArrayNode rows = p.putArray("rows");
    for (Parity.Row row : parity.rows) {
      ObjectNode r = rows.addObject();
      r.put("window_start", Instant.ofEpochMilli(row.key().windowStartMillis()).toString());
      r.put("window_end", Instant.ofEpochMilli(row.key().windowEndMillis()).toString());
      r.put("event_type", row.key().eventType());
      ObjectNode counts = r.putObject("counts");
      for (Map.Entry<String, @Nullable Long> count : row.counts().entrySet()) {
        counts.put(count.getKey(), count.getValue());
      }
      r.put("agree", row.agree());
      ArrayNode causes = r.putArray("causes");
      row.causes().forEach(c -> causes.add(c.id));
    }
    p.put("differences", parity.differences);
    p.put("unexplained", parity.unexplained);
    p.put("must_agree_differences", parity.mustAgreeDifferences);
    return p;
  }
}
