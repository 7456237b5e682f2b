package com.ridecounts.launcher;

import com.ridecounts.model.ParsedRecord;
import com.ridecounts.model.RideEventParser;
import com.ridecounts.model.WindowCount;
import com.ridecounts.model.WindowCountJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The latency phase of {@code bench} for one runner: the job ({@code ./ride-counts run}, in a child JVM) on fresh
 * topics while the parent produces live generated events at a fixed rate ({@link LiveEvents}, event time = wall
 * clock).
 *
 * <p>Timeline: start the child and the producer; wait for the first output pane (the job is up); wait {@code
 * settle} more (the start-up backlog is read); measure for {@code measure}: the events produced then are the ones
 * whose latency is reported; stop the producer; keep the job running for {@code drain} (at least the trigger interval,
 * so the early panes of the last events fire); stop the child (SIGTERM, then kill). Then both topics are read from the
 * beginning and {@link PaneLatency} computes each measured event's latency from the Kafka timestamps.
 */
final class LatencyRun {
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  /** What the phase measured; {@code error} is set (and the rest may be partial) when it failed. */
  record Outcome(
      PaneLatency.@Nullable Result latency,
      long produced,
      MeasuredProcess.@Nullable Result process,
      @Nullable GcLogHeap heap,
      @Nullable String error) {}

  /** The fixed settings of every latency phase of one bench run. */
  record Settings(
      double eventsPerSecond,
      Duration measure,
      Duration settle,
      Duration drain,
      Duration startupTimeout,
      int partitions,
      WindowRules rules) {
    /** These settings with another input rate. */
    Settings atRate(double otherEventsPerSecond) {
      return new Settings(otherEventsPerSecond, measure, settle, drain, startupTimeout, partitions, rules);
    }
  }

  private LatencyRun() {}

  /**
   * @param java the child's command up to the main class: java, JVM flags (the GC log among them), -cp CLASSPATH
   * @param options pipeline options passed to the job (no --runner, --bootstrapServers or topic names)
   */
  static Outcome run(
      EvaluatedRunner runner,
      List<String> java,
      Path gcLog,
      String bootstrapServers,
      Path dir,
      Settings settings,
      List<String> options,
      PrintStream out)
      throws IOException, InterruptedException {
    String name = "bench-" + runner.id + "-" + UUID.randomUUID().toString().substring(0, 8);
    String inputTopic = name + "-input";
    String countsTopic = name + "-counts";
    TopicAdmin.create(bootstrapServers, Map.of(), settings.partitions(), inputTopic);
    TopicAdmin.create(bootstrapServers, Map.of(), 1, countsTopic, name + "-dlq");
    List<String> command = new ArrayList<>(java);
    command.addAll(List.of(Cli.class.getName(), "run", "--runner=" + runner.runnerName));
    command.add("--bootstrapServers=" + bootstrapServers);
    command.addAll(
        List.of(
            "--inputTopic=" + inputTopic,
            "--outputTopic=" + countsTopic,
            "--deadLetterTopic=" + name + "-dlq",
            "--consumerGroupId=" + name,
            "--sinkGroupId=" + name + "-sink",
            "--startingOffsets=EARLIEST"));
    command.addAll(options);

    MeasuredProcess.Running child = MeasuredProcess.start(command, dir.resolve("latency.log"));
    LiveEvents events = LiveEvents.start(bootstrapServers, inputTopic, settings.eventsPerSecond());
    List<PaneLatency.Pane> panes = new ArrayList<>();
    MeasuredProcess.Result process = null;
    String error = null;
    long from = 0;
    long to = 0;
    try (KafkaConsumer<String, String> counts =
        TopicFromStart.open(bootstrapServers, countsTopic, Map.of(), new StringDeserializer(), new StringDeserializer())) {
      long startupDeadline = System.currentTimeMillis() + settings.startupTimeout().toMillis();
      while (panes.isEmpty() && child.isAlive() && System.currentTimeMillis() < startupDeadline) {
        poll(counts, panes);
      }
      if (panes.isEmpty()) {
        error = child.isAlive() ? "no output within " + settings.startupTimeout() : "the job ended; see latency.log";
      } else {
        from = System.currentTimeMillis() + settings.settle().toMillis();
        to = from + settings.measure().toMillis();
        out.printf("bench: %s is up; measuring latency for %d s%n", runner.id, settings.measure().toSeconds());
        pollUntil(counts, panes, to, child);
        events.close();
        pollUntil(counts, panes, System.currentTimeMillis() + settings.drain().toMillis(), child);
        if (!child.isAlive()) {
          error = "the job ended during the run; see latency.log";
        }
      }
    } finally {
      events.close();
      process = child.stop(STOP_GRACE);
    }
    if (error != null) {
      return new Outcome(null, events.produced(), process, GcLogHeap.read(gcLog), error);
    }
    List<PaneLatency.Input> inputs = readInputs(bootstrapServers, inputTopic);
    PaneLatency.Result latency = PaneLatency.compute(inputs, panes, settings.rules(), from, to);
    return new Outcome(latency, events.produced(), process, GcLogHeap.read(gcLog), null);
  }

  private static void pollUntil(
      KafkaConsumer<String, String> counts, List<PaneLatency.Pane> panes, long untilMillis,
      MeasuredProcess.Running child) {
    while (System.currentTimeMillis() < untilMillis && child.isAlive()) {
      poll(counts, panes);
    }
  }

  private static void poll(KafkaConsumer<String, String> counts, List<PaneLatency.Pane> panes) {
    for (ConsumerRecord<String, String> record : counts.poll(Duration.ofMillis(500))) {
      panes.add(pane(record.timestamp(), record.value()));
    }
  }

  /** An output record of a Beam runner (a pane) or of the reference (a row with {@code event_count}) as a pane. */
  static PaneLatency.Pane pane(long kafkaTsMillis, String value) {
    WindowCount count =
        value.contains("\"event_count\"")
            ? ReferenceReplay.LatestCounts.parse(value)
            : WindowCountJson.fromJson(value);
    return new PaneLatency.Pane(
        kafkaTsMillis, count.windowStartMillis(), count.windowEndMillis(), count.eventType(), count.count());
  }

  /** Every valid event of the input topic, in Kafka timestamp order (then partition and offset). */
  private static List<PaneLatency.Input> readInputs(String bootstrapServers, String topic) {
    List<long[]> order = new ArrayList<>();
    List<PaneLatency.Input> valid = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        TopicFromStart.open(bootstrapServers, topic, Map.of(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          ParsedRecord parsed = RideEventParser.parse(record.value());
          if (parsed.isValid()) {
            order.add(new long[] {record.timestamp(), record.partition(), record.offset(), valid.size()});
            valid.add(
                new PaneLatency.Input(record.timestamp(), parsed.event().tsMillis(), parsed.event().eventType()));
          }
        }
      }
    }
    order.sort(Comparator.<long[]>comparingLong(o -> o[0]).thenComparingLong(o -> o[1]).thenComparingLong(o -> o[2]));
    List<PaneLatency.Input> sorted = new ArrayList<>(valid.size());
    order.forEach(o -> sorted.add(valid.get((int) o[3])));
    return sorted;
  }
}
