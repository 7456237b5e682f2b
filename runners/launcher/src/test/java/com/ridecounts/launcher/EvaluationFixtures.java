package com.ridecounts.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small constructed inputs and runner outcomes for the evaluation's unit tests. */
final class EvaluationFixtures {
  static final long T0 = Instant.parse("2024-03-10T08:00:10Z").toEpochMilli();
  static final WindowRules DEFAULTS = WindowRules.fromOptions(Map.of());
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EvaluationFixtures() {}

  static byte[] event(String id, String type, long ts) {
    return line("{\"event_id\":\"" + id + "\",\"user_id\":\"u-1\",\"event_type\":\"" + type + "\",\"ts\":" + ts + "}");
  }

  static byte[] line(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Three on-time events, an event 20 minutes later, then one event back at T0 (too late for the Beam job on one
   * partition), plus malformed lines: two the reference counts (empty event_id with a type; numeric user_id without a
   * type) and four it does not (ts as a string, an array, not JSON, empty).
   */
  static List<byte[]> input() {
    List<byte[]> lines = new ArrayList<>();
    lines.add(event("e1", "ride_start", T0));
    lines.add(event("e2", "ride_start", T0 + 1_000));
    lines.add(event("e3", "ride_end", T0 + 2_000));
    lines.add(line("{\"event_id\":\"\",\"user_id\":\"u-2\",\"event_type\":\"ride_start\",\"ts\":" + T0 + "}"));
    lines.add(line("{\"event_id\":\"m2\",\"user_id\":7,\"ts\":" + (T0 + 3_000) + "}"));
    lines.add(line("{\"event_id\":\"m3\",\"user_id\":\"u-3\",\"ts\":\"" + T0 + "\"}"));
    lines.add(line("[1,2]"));
    lines.add(line("not json"));
    lines.add(line(""));
    lines.add(event("e4", "ride_start", T0 + 20 * 60_000));
    lines.add(event("e5", "ride_end", T0 + 4_000));
    return lines;
  }

  static ResultKey key(long windowStartMillis, String type) {
    return new ResultKey(windowStartMillis, windowStartMillis + 60_000, type);
  }

  /** A successful runner with the given FINAL counts and replay-summary figures. */
  static RunnerOutcome outcome(EvaluatedRunner runner, Map<ResultKey, Long> finals, Map<String, Object> figures) {
    ObjectNode summary = MAPPER.valueToTree(figures);
    return RunnerOutcome.ok(runner, new MeasuredProcess.Result(0, 12.5, 640.0), summary, finals);
  }
}
