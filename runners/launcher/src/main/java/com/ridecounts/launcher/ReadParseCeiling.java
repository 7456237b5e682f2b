package com.ridecounts.launcher;

import com.ridecounts.model.ParsedRecord;
import com.ridecounts.model.RideEventParser;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The read-and-parse ceiling: how fast one thread can take the ride-event topic from Kafka and parse every value with
 * the job's own {@link RideEventParser}, with no runner, windows or sink. No streaming job on the same broker and
 * machine can beat it, so it is the yardstick for the runners' throughput (see BENCHMARKS.md).
 *
 * <pre>
 *   java -cp "$(cat runners/direct/target/classpath.txt)" com.ridecounts.launcher.ReadParseCeiling \
 *       --input FILE.jsonl [--partitions N]          # fresh topic on the embedded broker, produced first
 *   ... ReadParseCeiling --bootstrapServers H:P --topic T     # an existing topic, from its beginning
 *   ... [--summaryJson FILE]     # also write records_read, valid and job_time_s (the read alone) as JSON
 * </pre>
 *
 * <p>Reads with a plain {@link KafkaConsumer} (read_committed, no group, all partitions from the beginning, as the
 * replay's job does) up to the end offsets taken when reading starts, and prints the records, valid and invalid counts,
 * seconds and records per second of the read alone (producing the file is not timed).
 */
public final class ReadParseCeiling {
  private static final Set<String> FLAGS = Set.of("input", "partitions", "bootstrapServers", "topic", "summaryJson");

  private ReadParseCeiling() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out));
  }

  static int run(String[] args, PrintStream out) throws Exception {
    CommandLine cl = new CommandLine(args, FLAGS);
    String bootstrapServers = cl.get("bootstrapServers", "");
    EmbeddedKafkaBroker broker = bootstrapServers.isEmpty() ? EmbeddedKafkaBroker.start() : null;
    try {
      if (broker != null) {
        bootstrapServers = broker.bootstrapServers();
      }
      String topic = cl.get("topic", "");
      if (topic.isEmpty()) {
        topic = "ceiling-" + UUID.randomUUID().toString().substring(0, 8);
        int partitions = Integer.parseInt(cl.get("partitions", "1"));
        ReplayInput input = ReplayInput.read(Path.of(cl.required("input")));
        TopicAdmin.create(bootstrapServers, Map.of(), partitions, topic);
        input.produceTo(bootstrapServers, Map.of(), topic, partitions);
      }
      Result result = readAndParse(bootstrapServers, topic);
      out.printf(
          "read-and-parse ceiling: %d records (%d valid, %d invalid) from %s in %.2f s: %.0f records/s%n",
          result.records,
          result.valid,
          result.records - result.valid,
          topic,
          result.seconds,
          result.records / result.seconds);
      String summaryJson = cl.get("summaryJson", "");
      if (!summaryJson.isEmpty()) {
        new ReplaySummary()
            .put("runner", "ReadParseCeiling")
            .put("kind", "ceiling")
            .put("records_read", result.records)
            .put("valid", result.valid)
            .put("job_time_s", result.seconds)
            .write(Path.of(summaryJson));
      }
      return 0;
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  /** Reads {@code topic} from the beginning to its current end, parsing every value. */
  static Result readAndParse(String bootstrapServers, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        TopicFromStart.open(
            bootstrapServers, topic, Map.of(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
      long started = System.nanoTime();
      long records = 0;
      long valid = 0;
      while (!reached(consumer, end)) {
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(java.time.Duration.ofMillis(500));
        for (ConsumerRecord<byte[], byte[]> record : batch) {
          ParsedRecord parsed = RideEventParser.parse(record.value());
          records++;
          if (parsed.isValid()) {
            valid++;
          }
        }
      }
      return new Result(records, valid, (System.nanoTime() - started) / 1e9);
    }
  }

  private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
      if (consumer.position(partition.getKey()) < partition.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** What one read-and-parse pass saw. */
  record Result(long records, long valid, double seconds) {}
}
