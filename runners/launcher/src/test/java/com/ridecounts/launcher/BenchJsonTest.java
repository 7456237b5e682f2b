package com.ridecounts.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shape of bench.json: every system under {@code systems} with the issue's fields, null for unknown values. */
class BenchJsonTest {
  private static final List<String> FIELDS =
      List.of(
          "events_per_s", "latency_p50_ms", "latency_p99_ms", "peak_rss_mb", "ratio_to_reference", "ratio_to_ceiling",
          "events", "job_time_s", "events_per_s_after_first_output", "latency_max_ms", "latency_events",
          "latency_unmatched", "peak_heap_mb", "latency_rate_events_per_s", "error");

  @Test
  void everySystemHasTheIssuesFieldsAsNumbersOrNull() throws Exception {
    BenchFigures failed =
        new BenchFigures("flink", "exit code 1", 3_000, null, null, null, null, null, null, null, null, null, null,
            null, null, null);
    List<BenchFigures> rows =
        BenchFigures.withRatios(
            List.of(
                BenchFiguresTest.row("direct", 1_234.56),
                BenchFiguresTest.row("reference", 80_000.0),
                failed,
                BenchFiguresTest.row(Bench.CEILING, 500_000.0)));
    String json =
        BenchJson.render(
            Instant.parse("2026-11-26T03:00:00.123Z"),
            "./ride-counts bench --events 3000",
            new BenchJson.Settings(300, 60, 1, "1.00 2.00 3.00", "4.00 5.00 6.00"),
            rows);
    JsonNode root = new ObjectMapper().readTree(json);
    assertEquals("2026-11-26T03:00:00Z", root.get("generated_at").asText());
    assertEquals("./ride-counts bench --events 3000", root.get("command").asText());
    assertEquals("1.00 2.00 3.00", root.get("machine").get("load_average_at_start").asText());
    assertEquals(300.0, root.get("settings").get("rate_events_per_s").asDouble());
    JsonNode systems = root.get("systems");
    assertEquals(List.of("direct", "reference", "flink", "ceiling"), iterable(systems.fieldNames()));
    for (JsonNode system : systems) {
      for (String field : FIELDS) {
        assertTrue(system.has(field), field + " in " + system);
      }
    }
    JsonNode direct = systems.get("direct");
    assertEquals(1_234.6, direct.get("events_per_s").asDouble());
    assertTrue(direct.get("events_per_s").isNumber());
    assertEquals(100, direct.get("latency_p50_ms").asLong());
    assertEquals(900, direct.get("latency_p99_ms").asLong());
    assertEquals(300.0, direct.get("latency_rate_events_per_s").asDouble());
    assertEquals(Math.round(1_234.56 / 80_000 * 10_000) / 10_000.0, direct.get("ratio_to_reference").asDouble());
    assertTrue(direct.get("error").isNull());
    JsonNode flink = systems.get("flink");
    assertEquals("exit code 1", flink.get("error").asText());
    for (String field : List.of("events_per_s", "latency_p50_ms", "peak_rss_mb", "ratio_to_reference")) {
      assertTrue(flink.get(field).isNull(), field + " unknown, not 0");
    }
    assertEquals(3_000, flink.get("events").asLong());
  }

  private static List<String> iterable(java.util.Iterator<String> names) {
    List<String> list = new java.util.ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }
}
