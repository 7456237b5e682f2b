package com.ridecounts.launcher;

import static com.ridecounts.launcher.EvaluationFixtures.DEFAULTS;
import static com.ridecounts.launcher.EvaluationFixtures.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The shape of evaluation.json: the contract's fields, JSON numbers, and null (not 0) for unknown values. */
class EvaluationJsonTest {
  private static final List<String> RUNNER_FIELDS =
      List.of(
          "id", "runner", "kind", "status", "error", "wall_time_s", "job_time_s", "events_per_s", "first_output_s",
          "peak_rss_mb", "records_read", "dead_lettered", "dropped_late", "output_records", "duplicates", "results",
          "count_sum", "final_semantics");

  private static JsonNode render() throws Exception {
    InputFacts facts = InputFacts.of(EvaluationFixtures.input(), 1, DEFAULTS);
    Map<ResultKey, Long> reference = new TreeMap<>(facts.beamCounts);
    facts.malformedToNull.forEach((k, v) -> ResultKey.add(reference, k, v));
    List<RunnerOutcome> outcomes =
        List.of(
            outcome(
                EvaluatedRunner.DIRECT,
                facts.beamCounts,
                Map.of("records_read", 11, "dead_lettered", 6, "dropped_late", 2, "job_time_s", 5.5,
                    "first_output_s", 2.0, "output_records", 20, "duplicates", 0, "results", 6, "count_sum", 8)),
            outcome(
                EvaluatedRunner.REFERENCE,
                reference,
                Map.of("records_read", 11, "job_time_s", 4.0, "final_watermark", "2024-03-10T09:00:00Z")),
            RunnerOutcome.failed(EvaluatedRunner.FLINK, null, "exit code 1"));
    Parity parity = Parity.compute(outcomes, 1, facts, DEFAULTS);
    String json =
        EvaluationJson.render(
            Instant.parse("2026-11-25T23:59:00.123Z"),
            "./ride-counts evaluate --input in.jsonl",
            new EvaluationJson.InputSection("in.jsonl", facts, 1),
            outcomes,
            parity);
    return new ObjectMapper().readTree(json);
  }

  @Test
  void topLevelAndInputFollowTheContract() throws Exception {
    JsonNode root = render();
    List<String> fields = new ArrayList<>();
    root.fieldNames().forEachRemaining(fields::add);
    assertEquals(
        List.of("schema_version", "generated_at", "command", "machine", "input", "runners", "parity", "causes"),
        fields);
    assertEquals(1, root.get("schema_version").asInt());
    assertEquals("2026-11-25T23:59:00Z", root.get("generated_at").asText());
    assertTrue(root.at("/machine/cores").isInt());
    assertTrue(root.at("/machine/java").isTextual());
    JsonNode input = root.get("input");
    assertEquals(11, input.get("lines").asInt());
    assertEquals(5, input.get("valid").asInt());
    assertEquals(6, input.get("invalid").asInt());
    assertEquals(10, input.get("window_assignments").asInt());
    assertEquals(1, input.get("partitions").asInt());
  }

  @Test
  void runnersHaveEveryFieldWithNullForUnknownValues() throws Exception {
    JsonNode runners = render().get("runners");
    assertEquals(3, runners.size());
    for (JsonNode runner : runners) {
      List<String> fields = new ArrayList<>();
      runner.fieldNames().forEachRemaining(fields::add);
      assertEquals(RUNNER_FIELDS, fields);
    }
    JsonNode direct = runners.get(0);
    assertEquals("DirectRunner", direct.get("runner").asText());
    assertEquals("ok", direct.get("status").asText());
    assertTrue(direct.get("error").isNull());
    assertEquals(2.0, direct.get("events_per_s").asDouble()); // 11 / 5.5
    assertTrue(direct.get("dead_lettered").isNumber());
    assertEquals("final pane", direct.get("final_semantics").asText());
    JsonNode reference = runners.get(1);
    assertEquals("reference", reference.get("kind").asText());
    assertTrue(reference.get("dead_lettered").isNull());
    assertTrue(reference.get("dropped_late").isNull());
    assertEquals("latest value", reference.get("final_semantics").asText());
    JsonNode flink = runners.get(2);
    assertEquals("failed", flink.get("status").asText());
    assertEquals("exit code 1", flink.get("error").asText());
    assertTrue(flink.get("records_read").isNull());
    assertTrue(flink.get("wall_time_s").isNull());
  }

  @Test
  void parityRowsAndCausesFollowTheContract() throws Exception {
    JsonNode root = render();
    JsonNode parity = root.get("parity");
    assertEquals("[\"direct\",\"reference\"]", parity.get("runners").toString());
    assertEquals("[\"direct\"]", parity.get("must_agree").toString());
    assertEquals(4, parity.get("differences").asInt());
    assertEquals(0, parity.get("unexplained").asInt());
    assertEquals(0, parity.get("must_agree_differences").asInt());
    JsonNode nullRow = null;
    for (JsonNode row : parity.get("rows")) {
      List<String> fields = new ArrayList<>();
      row.fieldNames().forEachRemaining(fields::add);
      assertEquals(List.of("window_start", "window_end", "event_type", "counts", "agree", "causes"), fields);
      if (row.get("event_type").isNull() && row.get("window_start").asText().equals("2024-03-10T08:00:00Z")) {
        nullRow = row;
      }
    }
    assertEquals("2024-03-10T08:01:00Z", nullRow.get("window_end").asText());
    assertTrue(nullRow.at("/counts/direct").isNull());
    assertEquals(1, nullRow.at("/counts/reference").asInt());
    assertEquals("[\"malformed_to_null\"]", nullRow.get("causes").toString());
    JsonNode cause = root.get("causes").get(0);
    assertEquals("malformed_to_null", cause.get("id").asText());
    assertEquals(4, cause.get("rows").asInt());
    assertTrue(cause.get("title").isTextual() && cause.get("explanation").isTextual());
  }
}
