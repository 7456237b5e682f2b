package com.ridecounts.it.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ridecounts.it.harness.CountsOracle;
import com.ridecounts.it.harness.WindowKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds an evaluation.json document (docs: the evaluation JSON contract) from per-runner FINAL counts, the way {@code
 * ./ride-counts evaluate} lays it out: runner metrics, the parity rows over the union of all (window, event type) keys,
 * the difference figures and the causes. Differences where only the reference disagrees with the runners that must
 * agree get {@code referenceCause}, rows where a failed runner has no count get {@link #RUNNER_FAILED}; any other
 * difference stays unexplained.
 */
final class EvaluationDocument {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One runner's run; {@code counts} null when it failed. Times in seconds, memory in MB. */
  record Run(String id, String runner, String kind, String error, double wallTimeS, double jobTimeS,
      double firstOutputS, double peakRssMb, long recordsRead, CountsOracle.Result counts) {
    boolean ok() {
      return counts != null;
    }

    boolean beam() {
      return kind.equals("beam");
    }
  }

  /** A cause of differences: id, title and explanation as the report lists them. */
  record Cause(String id, String title, String explanation) {}

  /** Rows where a failed runner has no count. */
  static final Cause RUNNER_FAILED = new Cause("runner_failed", "A runner failed",
      "The runner did not finish, so it has no result for any key; see its error in the runners table.");

  private EvaluationDocument() {}

  static ObjectNode build(String command, String inputFile, CountsOracle.Result input, long lines, int partitions,
      List<Run> runs, List<String> mustAgree, Cause referenceCause) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schema_version", 1);
    root.put("generated_at", "2026-11-25T23:59:00Z");
    root.put("command", command);
    root.putObject("machine").put("cores", Runtime.getRuntime().availableProcessors())
        .put("memory_mb", 24000).put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"))
        .put("java", System.getProperty("java.version"));
    root.putObject("input").put("file", inputFile).put("lines", lines).put("valid", input.valid())
        .put("invalid", input.invalid()).put("partitions", partitions).put("window_assignments", input.assignments());
    ArrayNode runners = root.putArray("runners");
    runs.forEach(run -> runners.add(runner(run)));
    ObjectNode parity = root.putObject("parity");
    ArrayNode parityRunners = parity.putArray("runners");
    runs.forEach(run -> parityRunners.add(run.id()));
    ArrayNode agreeing = parity.putArray("must_agree");
    mustAgree.forEach(agreeing::add);
    TreeSet<WindowKey> keys = new TreeSet<>(WindowKey.ORDER);
    runs.stream().filter(Run::ok).forEach(run -> keys.addAll(run.counts().counts().keySet()));
    ArrayNode rows = parity.putArray("rows");
    int differences = 0;
    int unexplained = 0;
    int mustAgreeDifferences = 0;
    Map<String, Integer> causeRows = new LinkedHashMap<>();
    for (WindowKey key : keys) {
      Map<String, Long> counts = new LinkedHashMap<>();
      runs.forEach(run -> counts.put(run.id(), run.ok() ? run.counts().counts().get(key) : null));
      Long base = counts.get(mustAgree.get(0));
      List<Run> disagreeing = runs.stream().filter(run -> !Objects.equals(counts.get(run.id()), base)).toList();
      boolean agree = disagreeing.isEmpty();
      boolean mustAgreeDiffer = mustAgree.stream().map(counts::get).distinct().count() > 1;
      List<String> rowCauses = new ArrayList<>();
      if (disagreeing.stream().anyMatch(run -> !run.ok())) {
        rowCauses.add(RUNNER_FAILED.id());
      }
      if (disagreeing.stream().anyMatch(run -> run.ok() && !run.beam())) {
        rowCauses.add(referenceCause.id());
      }
      ObjectNode row = rows.addObject();
      row.put("window_start", CountsOracle.isoMillis(key.startMillis()));
      row.put("window_end", CountsOracle.isoMillis(key.endMillis()));
      row.put("event_type", key.eventType());
      ObjectNode countNode = row.putObject("counts");
      counts.forEach((id, count) -> {
        if (count == null) {
          countNode.putNull(id);
        } else {
          countNode.put(id, count);
        }
      });
      row.put("agree", agree);
      ArrayNode causeIds = row.putArray("causes");
      rowCauses.forEach(id -> {
        causeIds.add(id);
        causeRows.merge(id, 1, Integer::sum);
      });
      differences += agree ? 0 : 1;
      unexplained += !agree && rowCauses.isEmpty() ? 1 : 0;
      mustAgreeDifferences += mustAgreeDiffer ? 1 : 0;
    }
    parity.put("differences", differences).put("unexplained", unexplained)
        .put("must_agree_differences", mustAgreeDifferences);
    ArrayNode causes = root.putArray("causes");
    for (Cause cause : List.of(RUNNER_FAILED, referenceCause)) {
      if (causeRows.containsKey(cause.id())) {
        causes.addObject().put("id", cause.id()).put("title", cause.title())
            .put("explanation", cause.explanation()).put("rows", causeRows.get(cause.id()));
      }
    }
    return root;
  }

  private static ObjectNode runner(Run run) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", run.id()).put("runner", run.runner()).put("kind", run.kind())
        .put("status", run.ok() ? "ok" : "failed").put("error", run.error()).put("wall_time_s", run.wallTimeS());
    if (!run.ok()) {
      for (String field : List.of("job_time_s", "events_per_s", "first_output_s", "peak_rss_mb", "records_read",
          "dead_lettered", "dropped_late", "output_records", "duplicates", "results", "count_sum")) {
        node.putNull(field);
      }
      node.put("final_semantics", run.beam() ? "final pane" : "latest value");
      return node;
    }
    TreeMap<WindowKey, Long> counts = run.counts().counts();
    node.put("job_time_s", run.jobTimeS()).put("events_per_s", run.recordsRead() / run.jobTimeS())
        .put("first_output_s", run.firstOutputS()).put("peak_rss_mb", run.peakRssMb())
        .put("records_read", run.recordsRead());
    if (run.beam()) {
      node.put("dead_lettered", run.counts().invalid()).put("dropped_late", run.counts().droppedLate());
    } else {
      node.putNull("dead_lettered").putNull("dropped_late");
    }
    node.put("output_records", counts.size()).put("duplicates", 0).put("results", counts.size())
        .put("count_sum", counts.values().stream().mapToLong(Long::longValue).sum())
        .put("final_semantics", run.beam() ? "final pane" : "latest value");
    return node;
  }
}
