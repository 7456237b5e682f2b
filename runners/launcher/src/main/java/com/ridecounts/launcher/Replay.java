package com.ridecounts.launcher;

import com.ridecounts.model.WindowCount;
import com.ridecounts.model.WindowCountJson;
import com.ridecounts.pipeline.JobCounters;
import com.ridecounts.pipeline.RideCountsPipeline;
import com.ridecounts.pipeline.kafka.KafkaClientConfig;
import com.ridecounts.pipeline.options.RideCountsOptions;
import com.ridecounts.transforms.RideCountsMetrics;
import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.beam.sdk.PipelineResult;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code ./ride-counts replay --input FILE.jsonl --output FINAL.jsonl [--partitions N] [--summaryJson FILE]
 * [pipeline options]}: the evaluation tool. Puts every line of FILE into a fresh input topic (line i to partition i
 * mod N), runs the production pipeline on the chosen runner in streaming mode until every window has closed, reads the
 * counts topic with read_committed and writes FINAL.jsonl: one line per (window, event type) with its final count, in
 * window order.
 *
 * <p>The job is done when its counters show every line read and every (event, window) assignment the file makes is
 * either in a final pane or dropped as too late; the embedded broker is used unless {@code --bootstrapServers} is
 * given. Exits non-zero if that does not happen within {@code --timeoutSeconds}. With {@code --summaryJson} the
 * summary's figures are also written as JSON ({@link ReplaySummary}), for {@code evaluate}.
 */
final class Replay {
  private static final Set<String> FLAGS = Set.of("input", "output", "partitions", "timeoutSeconds", "summaryJson");
  /** How long the counts topic must stay quiet before a job that cannot balance its accounts is taken as done. */
  private static final Duration QUIET = Duration.ofSeconds(20);

  private Replay() {}

  static int run(String[] args, PrintStream out) throws Exception {
    java.util.Optional<ReferenceJob> reference = ReferenceJob.selectedBy(args);
    if (reference.isPresent()) {
      return ReferenceReplay.run(reference.get(), args, out); // not a Beam pipeline: its own completion check
    }
    CommandLine cl = new CommandLine(args, FLAGS);
    Path input = Path.of(cl.required("input"));
    Path output = Path.of(cl.required("output"));
    int partitions = Integer.parseInt(cl.get("partitions", "1"));
    Duration timeout = Duration.ofSeconds(Long.parseLong(cl.get("timeoutSeconds", "900")));
    ReplayInput lines = ReplayInput.read(input);

    EmbeddedKafkaBroker broker = cl.hasPipelineOption("bootstrapServers") ? null : EmbeddedKafkaBroker.start();
    try {
      String run = "replay-" + UUID.randomUUID().toString().substring(0, 8);
      Map<String, String> defaults = Launch.freshRunDefaults(run);
      if (broker != null) {
        defaults.put("bootstrapServers", broker.bootstrapServers());
      }
      RideCountsOptions options = Launch.parseOptions(cl, defaults);
      Map<String, Object> client = KafkaClientConfig.load(options.getKafkaPropertiesFile());
      TopicAdmin.create(options.getBootstrapServers(), client, partitions, options.getInputTopic());
      TopicAdmin.create(options.getBootstrapServers(), client, 1, options.getOutputTopic(), options.getDeadLetterTopic());
      if (!options.getLatestCountsTopic().isEmpty()) {
        TopicAdmin.createCompacted(options.getBootstrapServers(), client, 1, options.getLatestCountsTopic());
      }
      lines.produceTo(options.getBootstrapServers(), client, options.getInputTopic(), partitions);

      long expectedAssignments = lines.windowAssignments(RideCountsPipeline.windowingSpec(options));
      long started = System.nanoTime();
      PipelineResult result = RideCountsPipeline.run(options);
      try (CountsView view = new CountsView(options.getBootstrapServers(), options.getOutputTopic(), client);
          RecordCounter deadLetters =
              new RecordCounter(options.getBootstrapServers(), options.getDeadLetterTopic(), client)) {
        Completion done = awaitCompletion(result, view, deadLetters, lines, expectedAssignments, timeout);
        JobCounters counters = done.counters;
        double seconds = (System.nanoTime() - started) / 1e9;
        writeFinal(output, view.finals());
        out.printf(
            "replay on %s: %d records read = %d counted + %d dropped as too late + %d dead-lettered"
                + " (%d valid; %d dead letters on %s);"
                + " %d (event, window) assignments, %d counted in final panes, %d dropped as too late;"
                + " %d (window, event type) results in %d panes (%d duplicate, %d after final, %d decreasing);"
                + " wrote %s in %.1f s%n",
            options.getRunner().getSimpleName(),
            counters.get(RideCountsMetrics.RECORDS_READ),
            counters.get(RideCountsMetrics.EVENTS_COUNTED),
            counters.get(RideCountsMetrics.EVENTS_DROPPED_LATE),
            counters.get(RideCountsMetrics.DEAD_LETTERED),
            counters.get(RideCountsMetrics.EVENTS_VALID),
            deadLetters.count(),
            options.getDeadLetterTopic(),
            expectedAssignments,
            view.finalCountSum(),
            counters.droppedLate(),
            view.finals().size(),
            view.panes(),
            view.duplicatePanes(),
            view.panesAfterFinal(),
            view.decreasingCounts(),
            output,
            seconds);
        long unaccounted = expectedAssignments - view.finalCountSum() - counters.droppedLate();
        if (unaccounted != 0) {
          out.printf(
              "WARNING: %d (event, window) assignments are neither in a final pane nor counted as dropped: the runner"
                  + " dropped them as late without counting them (on the SparkRunner: its watermark is the MAX across"
                  + " partitions, apache/beam #19411)%n",
              unaccounted);
        }
        String summaryJson = cl.get("summaryJson", "");
        if (!summaryJson.isEmpty()) {
          new ReplaySummary()
              .put("runner", options.getRunner().getSimpleName())
              .put("kind", "beam")
              .put("records_read", counters.get(RideCountsMetrics.RECORDS_READ))
              .put("dead_lettered", counters.get(RideCountsMetrics.DEAD_LETTERED))
              .put("dropped_late", counters.droppedLate())
              .put("expected_assignments", expectedAssignments)
              .put("output_records", view.panes())
              .put("duplicates", view.duplicatePanes())
              .put("results", view.finals().size())
              .put("count_sum", view.finalCountSum())
              .put("job_time_s", Math.round(seconds * 1000) / 1000.0)
              .put("first_output_s", ReplaySummary.seconds(started, done.firstOutputNanos))
              .put("unaccounted_assignments", unaccounted)
              .put("final_watermark", null)
              .put("open_windows", null)
              .write(Path.of(summaryJson));
        }
      } finally {
        Launch.stop(result);
      }
      return 0;
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  /**
   * Waits until the job has accounted for the whole file: every line read, every dead letter on its topic, and every
   * (event, window) assignment either in a final pane or counted as dropped. A runner can also drop assignments
   * without counting them (Beam 2.70's SparkRunner keeps its late-data counter to itself, and its watermark is the MAX
   * across partitions, apache/beam #19411); then the job is taken as done once all lines are read, every key has its
   * final pane and no pane has arrived for {@code QUIET}, and the summary reports the unaccounted assignments.
   */
  private static Completion awaitCompletion(
      PipelineResult result,
      CountsView view,
      RecordCounter deadLetters,
      ReplayInput lines,
      long expectedAssignments,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long lastPaneAt = System.nanoTime();
    Long firstOutputAt = null;
    while (System.nanoTime() < deadline) {
      if (view.poll(Duration.ofMillis(500)) > 0) {
        lastPaneAt = System.nanoTime();
        firstOutputAt = firstOutputAt == null ? lastPaneAt : firstOutputAt;
      }
      deadLetters.poll(Duration.ofMillis(10));
      if (result.getState().isTerminal()) {
        throw new IllegalStateException("the job ended early: " + result.getState());
      }
      JobCounters counters = JobCounters.of(result);
      boolean allRead =
          counters.get(RideCountsMetrics.RECORDS_READ) >= lines.values.size() && deadLetters.count() >= lines.invalid;
      boolean balanced = view.finalCountSum() + counters.droppedLate() >= expectedAssignments;
      boolean settled =
          view.keys() > 0
              && view.finals().size() == view.keys()
              && System.nanoTime() - lastPaneAt > QUIET.toNanos();
      if (allRead && (balanced || settled)) {
        view.poll(Duration.ofMillis(200));
        return new Completion(counters, firstOutputAt);
      }
    }
    throw new IllegalStateException("replay did not complete within " + timeout);
  }

  /** The job's counters at completion, and when (System.nanoTime) the first output record was read, if any. */
  private static final class Completion {
    final JobCounters counters;
    final @Nullable Long firstOutputNanos;

    Completion(JobCounters counters, @Nullable Long firstOutputNanos) {
      this.counters = counters;
      this.firstOutputNanos = firstOutputNanos;
    }
  }

  /** Writes FINAL.jsonl: one result line per count, in the given (window) order. */
  static void writeFinal(Path output, java.util.List<WindowCount> counts) throws java.io.IOException {
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (BufferedWriter writer = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      for (WindowCount count : counts) {
        writer.write(WindowCountJson.toResultJson(count));
        writer.write('\n');
      }
    }
  }
}
