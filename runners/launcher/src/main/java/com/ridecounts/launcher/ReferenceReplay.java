package com.ridecounts.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ridecounts.model.WindowCount;
import com.ridecounts.pipeline.kafka.KafkaClientConfig;
import com.ridecounts.transforms.WindowingSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code replay} for a {@link ReferenceJob} (the seed's Spark Structured Streaming query): the same input topics and
 * FINAL.jsonl format as {@link Replay}, with a completion condition of its own, since the reference has neither Beam
 * counters nor final panes.
 *
 * <ul>
 *   <li><b>Done</b> when the query's progress shows every line of the file as an input row and its output is drained:
 *       the Kafka sink writes a micro-batch's rows before the batch's progress is reported, so once the summed
 *       numInputRows reaches the line count the counts topic only needs to be read to its end.
 *   <li><b>FINAL</b> is the latest value per (window, event type): in {@code update} mode Spark emits the full count of
 *       every key that changed in a micro-batch and never marks a row as final.
 *   <li><b>Windows that never closed:</b> Spark computes the watermark (max event time - delay, over all partitions)
 *       after a micro-batch and only moves it when new data arrives, so on a finite file the last 10 minutes of
 *       windows stay open in state. Their latest value is what they would end with if no more data came; the summary
 *       reports how many there are. In {@code append} mode they are never written at all.
 *   <li>With {@code --summaryJson FILE} the figures are also written as JSON ({@link ReplaySummary}), for {@code
 *       evaluate}: no dead letters and no dropped-assignment count (null), but the final watermark and the results in
 *       windows still open.
 * </ul>
 */
final class ReferenceReplay {
  private static final Set<String> FLAGS = Set.of("input", "output", "partitions", "timeoutSeconds", "summaryJson");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ReferenceReplay() {}

  static int run(ReferenceJob job, String[] args, PrintStream out) throws Exception {
    CommandLine cl = new CommandLine(args, FLAGS);
    Path input = Path.of(cl.required("input"));
    Path output = Path.of(cl.required("output"));
    int partitions = Integer.parseInt(cl.get("partitions", "1"));
    Duration timeout = Duration.ofSeconds(Long.parseLong(cl.get("timeoutSeconds", "900")));
    ReplayInput lines = ReplayInput.read(input);

    EmbeddedKafkaBroker broker = cl.hasPipelineOption("bootstrapServers") ? null : EmbeddedKafkaBroker.start();
    try {
      String run = "replay-" + UUID.randomUUID().toString().substring(0, 8);
      Map<String, String> defaults = new LinkedHashMap<>();
      if (broker != null) {
        defaults.put("bootstrapServers", broker.bootstrapServers());
      }
      defaults.put("inputTopic", run + "-input");
      defaults.put("outputTopic", run + "-counts");
      defaults.put("consumerGroupId", run);
      defaults.put("startingOffsets", "EARLIEST");
      Map<String, String> options = ReferenceJob.optionMap(cl.pipelineArgs(defaults));
      String bootstrap = options.get("bootstrapServers");
      Map<String, Object> client = KafkaClientConfig.load(options.getOrDefault("kafkaPropertiesFile", ""));
      TopicAdmin.create(bootstrap, client, partitions, options.get("inputTopic"));
      TopicAdmin.create(bootstrap, client, 1, options.get("outputTopic"));
      lines.produceTo(bootstrap, client, options.get("inputTopic"), partitions);

      long sizeSeconds = Long.parseLong(options.getOrDefault("windowSizeSeconds", "60"));
      long periodSeconds = Long.parseLong(options.getOrDefault("windowPeriodSeconds", "30"));
      long expectedAssignments =
          lines.windowAssignments(
              new WindowingSpec(
                  org.joda.time.Duration.standardSeconds(sizeSeconds),
                  org.joda.time.Duration.standardSeconds(periodSeconds),
                  org.joda.time.Duration.ZERO,
                  org.joda.time.Duration.ZERO,
                  com.ridecounts.transforms.OutputMode.UPDATE));

      long started = System.nanoTime();
      try (ReferenceJob.Running running = job.start(options);
          LatestCounts view = new LatestCounts(bootstrap, options.get("outputTopic"), client)) {
        long deadline = started + timeout.toNanos();
        Long firstOutputAt = null;
        while (running.inputRows() < lines.values.size()) {
          view.poll(Duration.ofMillis(500));
          firstOutputAt = firstOutputAt == null && view.rows() > 0 ? Long.valueOf(System.nanoTime()) : firstOutputAt;
          if (!running.isActive()) {
            throw new IllegalStateException("the reference job ended early", running.failure().orElse(null));
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "replay did not complete within " + timeout + ": " + running.inputRows() + " of "
                    + lines.values.size() + " lines read");
          }
        }
        view.drain();
        firstOutputAt = firstOutputAt == null && view.rows() > 0 ? Long.valueOf(System.nanoTime()) : firstOutputAt;
        double seconds = (System.nanoTime() - started) / 1e9;
        long watermark = running.watermarkMillis();
        List<WindowCount> latest = view.latest();
        long open = latest.stream().filter(c -> watermark == Long.MIN_VALUE || c.windowEndMillis() > watermark).count();
        Replay.writeFinal(output, latest);
        out.printf(
            "replay on %s: %d records read in %d micro-batches; %d (event, window) assignments of valid lines (by the"
                + " Beam job's schema), %d counted in the latest values, %d rows dropped by the watermark (per"
                + " partially aggregated (window, event type) row, not per event); %d (window, event type) results"
                + " in %d output rows, %d of them in windows still open (window end > watermark %s); wrote %s in"
                + " %.1f s%n",
            job.runnerName(),
            running.inputRows(),
            running.batches(),
            expectedAssignments,
            latest.stream().mapToLong(WindowCount::count).sum(),
            running.rowsDroppedByWatermark(),
            latest.size(),
            view.rows(),
            open,
            watermark == Long.MIN_VALUE ? "none" : Instant.ofEpochMilli(watermark).toString(),
            output,
            seconds);
        out.println(
            "NOTE: a reference job has no final panes: FINAL.jsonl holds the latest value per (window, event type);"
                + " malformed lines are not dead-lettered but parsed to nulls by from_json (see runners/reference).");
        String summaryJson = cl.get("summaryJson", "");
        if (!summaryJson.isEmpty()) {
          new ReplaySummary()
              .put("runner", job.runnerName())
              .put("kind", "reference")
              .put("records_read", running.inputRows())
              .put("dead_lettered", null)
              .put("dropped_late", null)
              .put("expected_assignments", expectedAssignments)
              .put("output_records", view.rows())
              .put("duplicates", view.duplicates())
              .put("results", latest.size())
              .put("count_sum", latest.stream().mapToLong(WindowCount::count).sum())
              .put("job_time_s", Math.round(seconds * 1000) / 1000.0)
              .put("first_output_s", ReplaySummary.seconds(started, firstOutputAt))
              .put("unaccounted_assignments", null)
              .put("final_watermark", watermark == Long.MIN_VALUE ? null : Instant.ofEpochMilli(watermark).toString())
              .put("open_windows", open)
              .write(Path.of(summaryJson));
        }
      }
      return 0;
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  /**
   * The seed's output rows ({@code {"window":{"start":..,"end":..},"event_type":..,"event_count":N}}, no pane
   * metadata; a null event type is left out by Spark's to_json) read from the beginning of the counts topic; keeps the
   * latest value per (window, event type), and counts rows that repeat a key's latest value (a re-run micro-batch of
   * the at-least-once sink; in update mode an unchanged key is not written again).
   */
  static final class LatestCounts implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<TopicPartition> partitions;
    private final Map<CountsView.Key, WindowCount> latest = new HashMap<>();
    private long rows;
    private long duplicates;

    LatestCounts(String bootstrapServers, String topic, Map<String, Object> clientSettings) {
      consumer =
          TopicFromStart.open(
              bootstrapServers, topic, clientSettings, new StringDeserializer(), new StringDeserializer());
      partitions = List.copyOf(consumer.assignment());
    }

    void poll(Duration timeout) {
      for (ConsumerRecord<String, String> record : consumer.poll(timeout)) {
        WindowCount count = parse(record.value());
        WindowCount previous = latest.put(new CountsView.Key(count), count);
        if (previous != null && previous.count() == count.count()) {
          duplicates++;
        }
        rows++;
      }
    }

    /** Reads up to the topic's current end offsets. */
    void drain() {
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read the counts topic to its end " + end);
        }
        poll(Duration.ofMillis(200));
      }
    }

    static WindowCount parse(String value) {
      try {
        JsonNode node = MAPPER.readTree(value);
        JsonNode window = node.required("window");
        JsonNode type = node.get("event_type");
        return new WindowCount(
            Instant.parse(window.required("start").asText()).toEpochMilli(),
            Instant.parse(window.required("end").asText()).toEpochMilli(),
            type == null || type.isNull() ? null : type.asText(),
            node.required("event_count").asLong(),
            0, // the reference has no panes: index, timing and finality are placeholders, never written
            WindowCount.Timing.ON_TIME,
            false);
      } catch (IOException | RuntimeException e) {
        throw new IllegalStateException("not a counts row: " + value, e);
      }
    }

    List<WindowCount> latest() {
      List<WindowCount> all = new ArrayList<>(latest.values());
      all.sort(CountsView.WINDOW_ORDER);
      return all;
    }

    long rows() {
      return rows;
    }

    long duplicates() {
      return duplicates;
    }

    @Override
    public void close() {
      consumer.close(Duration.ofSeconds(5));
    }
  }
}
