package com.ridecounts.launcher;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Counts the committed records of a topic (read_committed, from the beginning); used for the dead-letter topic. */
final class RecordCounter implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private long count;

  RecordCounter(String bootstrapServers, String topic, Map<String, Object> clientSettings) {
    consumer =
        TopicFromStart.open(
            bootstrapServers, topic, clientSettings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  void poll(Duration timeout) {
    count += consumer.poll(timeout).count();
  }

  long count() {
    return count;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
