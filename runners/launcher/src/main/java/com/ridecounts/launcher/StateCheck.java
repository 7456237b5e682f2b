package com.ridecounts.launcher;

import com.ridecounts.pipeline.kafka.KafkaClientConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code ./ride-counts statecheck [--events N] [--eventTimeSpanMinutes M] [--partitions P] [--report DIR]
 * [--childHeapMb H] [--childJavaOpts "OPTS"] [--settleSeconds S] [--timeoutSeconds T] [--seed S] [pipeline
 * options]}: checks that the job's heap depends on the open windows and event types, not on the number of events.
 *
 * <p>Generates N events (default 1,000,000) spread uniformly over M minutes of event time (default 120; {@link
 * EventSpread}, with the generator's jitter, late and malformed records) straight into a fresh topic on the embedded
 * broker (or {@code --bootstrapServers}), then runs the job ({@code run --runner=R}, pipeline options passed on) in a
 * JVM of its own ({@link JobChild}, {@code -Xmx<H>m}, GC logged) over that backlog from the earliest offset. While it
 * reads, its consumer group's committed offsets ({@link ConsumerProgress}) tell how many events it has read; at each
 * tenth of the input (once per sample if a batch moves past several), and once more {@code settleSeconds} after the
 * last event was read, {@code jcmd GC.class_histogram} forces a full collection and gives the live heap. Then the job
 * is stopped and the report is printed and written to {@code DIR/statecheck.txt}: the expected bound ({@link
 * StateBound}), the live heap against
 * events read, the heap after GC per tenth ({@link HeapSeries}), the peak heap after any collection, and the classes
 * that grew most between the first and the last histogram. {@code DIR} also keeps {@code gc.log}, {@code
 * heap-series.csv}, the histograms and {@code job.log}.
 */
final class StateCheck {
  private static final Set<String> FLAGS =
      Set.of(
          "events", "eventTimeSpanMinutes", "partitions", "report", "childHeapMb", "childJavaOpts", "settleSeconds",
          "timeoutSeconds", "seed", "start");
  private static final Duration SAMPLE_EVERY = Duration.ofSeconds(2);
  private static final Duration PRINT_EVERY = Duration.ofSeconds(60);

  private StateCheck() {}

  static int run(String[] args, PrintStream out) throws Exception {
    CommandLine cl = new CommandLine(args, FLAGS);
    long events = Long.parseLong(cl.get("events", "1000000"));
    long spanMinutes = Long.parseLong(cl.get("eventTimeSpanMinutes", "120"));
    int partitions = Integer.parseInt(cl.get("partitions", "1"));
    Path dir = Path.of(cl.get("report", "statecheck-" + Instant.now().getEpochSecond()));
    long heapMb = Long.parseLong(cl.get("childHeapMb", "4096"));
    String childJavaOpts = cl.get("childJavaOpts", "");
    Duration settle = Duration.ofSeconds(Long.parseLong(cl.get("settleSeconds", "30")));
    Duration timeout = Duration.ofSeconds(Long.parseLong(cl.get("timeoutSeconds", "3600")));
    EventSpread spread =
        new EventSpread(Instant.parse(cl.get("start", "2024-03-10T08:00:00Z")).toEpochMilli(), spanMinutes * 60_000L,
            events);
    Map<String, String> given = ReferenceJob.optionMap(cl.pipelineArgs(Map.of()));
    StateBound bound = StateBound.of(WindowRules.fromOptions(given), RideEventGenerator.distinctEventTypes());
    Files.createDirectories(dir);

    EmbeddedKafkaBroker broker = given.containsKey("bootstrapServers") ? null : EmbeddedKafkaBroker.start();
    try {
      String bootstrap = broker == null ? given.get("bootstrapServers") : broker.bootstrapServers();
      Map<String, Object> client = KafkaClientConfig.load(given.getOrDefault("kafkaPropertiesFile", ""));
      String run = "statecheck-" + UUID.randomUUID().toString().substring(0, 8);
      Map<String, String> defaults = Launch.freshRunDefaults(run);
      defaults.put("bootstrapServers", bootstrap);
      String[] jobArgs = cl.pipelineArgs(defaults);
      Map<String, String> job = ReferenceJob.optionMap(jobArgs);
      TopicAdmin.create(bootstrap, client, partitions, job.get("inputTopic"));
      TopicAdmin.create(bootstrap, client, 1, job.get("outputTopic"), job.get("deadLetterTopic"));
      long producing = System.nanoTime();
      produce(bootstrap, client, job.get("inputTopic"), partitions, spread, Long.parseLong(cl.get("seed", "42")));
      out.printf(
          "statecheck: produced %,d events over %d min of event time in %.1f s; starting the job (log: %s)%n",
          events, spanMinutes, (System.nanoTime() - producing) / 1e9, dir.resolve("job.log"));

      List<HeapSeries.Progress> progress = new ArrayList<>();
      List<StateCheckReport.Live> live = new ArrayList<>();
      long started = System.nanoTime();
      try (ConsumerProgress read = new ConsumerProgress(bootstrap, client, job.get("consumerGroupId"),
              job.get("inputTopic"));
          JobChild child = JobChild.start(dir, heapMb, childJavaOpts, Arrays.asList(jobArgs))) {
        long deadline = started + timeout.toNanos();
        int nextTenth = 1;
        long allReadAt = -1;
        long printedAt = started;
        while (true) {
          Thread.sleep(SAMPLE_EVERY.toMillis());
          if (!child.alive()) {
            throw new IllegalStateException("the job ended early; see " + dir.resolve("job.log"));
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the job did not read " + events + " events within " + timeout);
          }
          long now = System.currentTimeMillis();
          long committed = read.committed();
          progress.add(new HeapSeries.Progress(now, committed));
          if (nextTenth <= 10 && committed >= events * nextTenth / 10) {
            // one histogram per sample: a micro-batch can move past several tenths at once
            while (nextTenth <= 10 && committed >= events * nextTenth / 10) {
              nextTenth++;
            }
            live.add(histogram(child, committed, "histogram-" + ((nextTenth - 1) * 10) + "pct"));
          }
          if (System.nanoTime() - printedAt > PRINT_EVERY.toNanos()) {
            printedAt = System.nanoTime();
            out.printf("statecheck: %,d of %,d events read after %.0f s%n", committed, events,
                (printedAt - started) / 1e9);
          }
          if (committed >= events && allReadAt < 0) {
            allReadAt = System.nanoTime();
          }
          if (allReadAt > 0 && System.nanoTime() - allReadAt > settle.toNanos()) {
            live.add(histogram(child, committed, "histogram-end"));
            break;
          }
        }
        double jobSeconds = (allReadAt - started) / 1e9;
        List<HeapSeries.Point> points = HeapSeries.points(progress, child.pauses());
        writeSeries(dir.resolve("heap-series.csv"), points);
        String report =
            new StateCheckReport(
                    runnerName(cl), events, spanMinutes, partitions, heapMb,
                    childJavaOpts, bound, live, points, jobSeconds, child.peakRssMb())
                .render();
        out.print(report);
        Files.writeString(dir.resolve("statecheck.txt"), report, StandardCharsets.UTF_8);
      }
      return 0;
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  private static String runnerName(CommandLine cl) {
    String runner = "DirectRunner";
    for (String arg : cl.pipelineArgs(Map.of())) {
      if (arg.startsWith("--runner=")) {
        runner = arg.substring("--runner=".length());
      }
    }
    return runner;
  }

  private static StateCheckReport.Live histogram(JobChild child, long eventsRead, String name) throws Exception {
    ClassHistogram histogram = child.histogram(name);
    return new StateCheckReport.Live(eventsRead, histogram);
  }

  /** Generates the events in order, event i to partition i mod {@code partitions}; flushed before returning. */
  private static void produce(
      String bootstrap, Map<String, Object> client, String topic, int partitions, EventSpread spread, long seed) {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    RideEventGenerator generator = new RideEventGenerator(seed, RideEventGenerator.Profile.realistic());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < spread.events(); i++) {
        producer.send(new ProducerRecord<>(topic, (int) (i % partitions), null, generator.next(spread.clockMillis(i))));
      }
      producer.flush();
    }
  }

  /** One line per GC pause: events read, epoch ms, kind, heap after the pause and committed heap, in MiB. */
  private static void writeSeries(Path file, List<HeapSeries.Point> points) throws java.io.IOException {
    StringBuilder csv = new StringBuilder("events_read,epoch_ms,kind,after_mb,committed_mb\n");
    for (HeapSeries.Point p : points) {
      csv.append(p.eventsRead()).append(',').append(p.pause().epochMillis()).append(",\"").append(p.pause().kind())
          .append("\",").append(p.pause().afterMb()).append(',').append(p.pause().committedMb()).append('\n');
    }
    Files.writeString(file, csv.toString(), StandardCharsets.UTF_8);
  }
}
