package com.ridecounts.launcher;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ridecounts.it.harness.CountsOracle;
import com.ridecounts.it.harness.GeneratedRides;
import com.ridecounts.it.harness.ReportAssertions;
import com.ridecounts.it.harness.TeeStream;
import com.ridecounts.it.harness.WindowKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code evaluate} command for real: one embedded broker, the DirectRunner, SparkRunner, FlinkRunner and the
 * reference each replaying the same generated file (realistic profile: late, too-late and malformed lines) in a child
 * JVM built from its runner module's {@code target/classpath.txt}, on one partition. Checks evaluation.json against
 * the runners' own FINAL.jsonl files and the independent {@link CountsOracle}:
 *
 * <ul>
 *   <li>every runner succeeded, and its figures match the file (records read = lines; dead-lettered = invalid lines and
 *       dropped late = the oracle's too-late assignments for the Beam runners; results and count sum = its FINAL);
 *   <li>the parity table is complete (every key of every FINAL.jsonl is a row with that runner's count, and no row has
 *       a count its runner did not write), DirectRunner = FlinkRunner = SparkRunner = oracle on every row;
 *   <li>every difference of the reference has causes: nothing unexplained;
 *   <li>report.html renders in headless Chromium with every chart, table row and highlight the JSON calls for.
 * </ul>
 *
 * <p>Needs the runner modules packaged (the {@code -am} reactor does it) and the repository root and JVM flags from
 * failsafe ({@code rideCounts.home}, {@code rideCounts.addOpens}). About 4 minutes on a 2-core machine.
 */
class EvaluateIT {
  private static final int EVENTS = 1500;
  private static final long SEED = 11L;
  private static final List<String> RUNNERS = List.of("direct", "spark", "flink", "reference");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  @Test
  @Timeout(1200)
  void evaluatesAllFourRunnersOnOneFile() throws Exception {
    List<byte[]> values = GeneratedRides.realistic(SEED, EVENTS); // 2024-03-10T08:00Z on, 5 events per second
    Path input = GeneratedRides.writeJsonl(values, dir.resolve("rides.jsonl"));
    CountsOracle.Result oracle = CountsOracle.jobDefaults().compute(values, 1);
    assertThat("precondition: malformed lines", oracle.invalid(), greaterThan(0L));
    assertThat("precondition: too-late assignments", oracle.droppedLate(), greaterThan(0L));

    Path report = dir.resolve("evaluation");
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(new TeeStream(captured, System.out), true, StandardCharsets.UTF_8);
    long started = System.nanoTime();
    int status =
        Evaluate.run(
            new String[] {
              "--input", input.toString(),
              "--runners", String.join(",", RUNNERS),
              "--partitions", "1",
              "--report", report.toString(),
              "--timeoutSeconds", "600"
            },
            out,
            Path.of(System.getProperty("rideCounts.home")),
            "-Xmx2g " + System.getProperty("rideCounts.addOpens", ""));
    System.out.printf("EvaluateIT: evaluate took %.1f s%n", (System.nanoTime() - started) / 1e9);
    assertEquals(0, status, captured.toString(StandardCharsets.UTF_8));

    JsonNode evaluation = MAPPER.readTree(report.resolve("evaluation.json").toFile());
    assertEquals(EVENTS, evaluation.at("/input/lines").asLong());
    assertEquals(oracle.invalid(), evaluation.at("/input/invalid").asLong());
    assertEquals(oracle.assignments(), evaluation.at("/input/window_assignments").asLong());

    Map<String, Map<WindowKey, Long>> finals = new HashMap<>();
    List<String> ids = new ArrayList<>();
    for (JsonNode runner : evaluation.get("runners")) {
      String id = runner.get("id").asText();
      ids.add(id);
      assertEquals("ok", runner.get("status").asText(), id + ": " + runner.get("error"));
      Map<WindowKey, Long> counts = readFinal(report.resolve(id).resolve("FINAL.jsonl"));
      finals.put(id, counts);
      assertRunnerFigures(runner, counts, oracle);
    }
    assertEquals(RUNNERS, ids);

    JsonNode parity = evaluation.get("parity");
    assertEquals("[\"direct\",\"spark\",\"flink\"]", parity.get("must_agree").toString());
    Map<String, Integer> rowsPerRunner = new HashMap<>();
    int differing = 0;
    for (JsonNode row : parity.get("rows")) {
      WindowKey key =
          new WindowKey(
              Instant.parse(row.get("window_start").asText()).toEpochMilli(),
              Instant.parse(row.get("window_end").asText()).toEpochMilli(),
              row.get("event_type").isNull() ? null : row.get("event_type").asText());
      for (String id : RUNNERS) {
        JsonNode count = row.get("counts").get(id);
        Long expected = finals.get(id).get(key);
        assertEquals(expected, count.isNull() ? null : count.asLong(), id + " at " + key);
        rowsPerRunner.merge(id, expected == null ? 0 : 1, Integer::sum);
      }
      Long direct = finals.get("direct").get(key);
      assertEquals(oracle.counts().get(key), direct, "direct = oracle at " + key);
      assertEquals(direct, finals.get("flink").get(key), "flink = direct at " + key);
      assertEquals(direct, finals.get("spark").get(key), "spark = direct at " + key);
      if (!row.get("agree").asBoolean()) {
        differing++;
        assertFalse(row.get("causes").isEmpty(), "a difference without causes at " + key);
      }
    }
    for (String id : RUNNERS) {
      assertEquals(finals.get(id).size(), rowsPerRunner.get(id), id + ": every FINAL key is a row");
    }
    assertEquals(differing, parity.get("differences").asInt());
    assertEquals(0, parity.get("unexplained").asInt());
    assertEquals(0, parity.get("must_agree_differences").asInt());
    for (JsonNode cause : evaluation.get("causes")) {
      assertThat(cause.get("id").asText(), cause.get("rows").asInt(), greaterThan(0));
    }

    // The HTML report of this very run, opened in headless Chromium: charts drawn from this evaluation, no script error.
    Path html = report.resolve("report.html");
    ReportAssertions.assertRendered(html, evaluation);
    ReportAssertions.assertScreenshotShowsTheReport(html, report.resolve("report.png"));
  }

  private static void assertRunnerFigures(JsonNode runner, Map<WindowKey, Long> counts, CountsOracle.Result oracle) {
    String id = runner.get("id").asText();
    assertEquals(EVENTS, runner.get("records_read").asLong(), id + " records_read");
    assertEquals(counts.size(), runner.get("results").asLong(), id + " results");
    assertEquals(
        counts.values().stream().mapToLong(Long::longValue).sum(), runner.get("count_sum").asLong(), id + " count_sum");
    for (String measured : List.of("wall_time_s", "job_time_s", "events_per_s", "first_output_s", "peak_rss_mb")) {
      assertTrue(runner.get(measured).isNumber(), id + " " + measured);
      assertThat(id + " " + measured, runner.get(measured).asDouble(), greaterThan(0.0));
    }
    assertThat(id + " output_records", runner.get("output_records").asLong(), greaterThan(0L));
    assertTrue(runner.get("duplicates").isNumber(), id + " duplicates");
    if (runner.get("kind").asText().equals("beam")) {
      assertEquals(oracle.invalid(), runner.get("dead_lettered").asLong(), id + " dead_lettered");
      assertEquals(oracle.droppedLate(), runner.get("dropped_late").asLong(), id + " dropped_late");
      assertEquals("final pane", runner.get("final_semantics").asText());
    } else {
      assertTrue(runner.get("dead_lettered").isNull() && runner.get("dropped_late").isNull(), id);
      assertEquals("latest value", runner.get("final_semantics").asText());
    }
  }

  private static Map<WindowKey, Long> readFinal(Path file) throws Exception {
    Map<WindowKey, Long> counts = new HashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      JsonNode node = MAPPER.readTree(line);
      JsonNode type = node.get("event_type");
      counts.put(
          new WindowKey(
              Instant.parse(node.at("/window/start").asText()).toEpochMilli(),
              Instant.parse(node.at("/window/end").asText()).toEpochMilli(),
              type == null || type.isNull() ? null : type.asText()),
          node.get("event_count").asLong());
    }
    return counts;
  }
}
