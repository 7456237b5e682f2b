package com.ridecounts.launcher;

import com.ridecounts.model.ParsedRecord;
import com.ridecounts.model.RideEventParser;
import com.ridecounts.transforms.WindowingSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A replay file: one Kafka message value per line, in order, kept as raw bytes (a malformed or non-UTF-8 line stays
 * exactly as it is; a trailing CR is removed). Also knows, from the same parser the job uses, how many lines are valid
 * and how many (event, window) assignments they make, so replay can tell when the job has accounted for all of them.
 */
final class ReplayInput {
  final List<byte[]> values;
  final long valid;
  final long invalid;

  private ReplayInput(List<byte[]> values, long valid) {
    this.values = values;
    this.valid = valid;
    this.invalid = values.size() - valid;
  }

  static ReplayInput read(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    List<byte[]> values = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= all.length; i++) {
      if (i == all.length || all[i] == '\n') {
        if (i == all.length && start == all.length) {
          break; // no line after the final newline
        }
        int end = i > start && all[i - 1] == '\r' ? i - 1 : i;
        values.add(Arrays.copyOfRange(all, start, end));
        start = i + 1;
      }
    }
    long valid = values.stream().filter(v -> RideEventParser.parse(v).isValid()).count();
    return new ReplayInput(values, valid);
  }

  /**
   * Produces every line, in order, as one record value without a key: line i to partition i mod {@code partitions}
   * (idempotent producer, acks=all, flushed before returning).
   */
  void produceTo(String bootstrapServers, Map<String, Object> clientSettings, String topic, int partitions) {
    Properties props = new Properties();
    props.putAll(clientSettings);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < values.size(); i++) {
        producer.send(new ProducerRecord<>(topic, i % partitions, null, values.get(i)));
      }
      producer.flush();
    }
  }

  /** The (event, window) assignments the valid lines make under {@code spec}. */
  long windowAssignments(WindowingSpec spec) {
    long total = 0;
    for (byte[] value : values) {
      ParsedRecord record = RideEventParser.parse(value);
      if (record.isValid()) {
        total += spec.windowsContaining(record.event().tsMillis());
      }
    }
    return total;
  }
}
