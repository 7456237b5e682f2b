package com.ridecounts.it.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Follows a topic from the beginning with {@code isolation.level=read_committed} and keeps every record in the order
 * read (per partition: offset order). Each {@link #poll} blocks for at most the given time, so it can drive {@link
 * Await#until}. Not thread-safe.
 */
public final class TopicWatcher implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<ConsumedRecord> records = new ArrayList<>();

  public TopicWatcher(String bootstrapServers, String topic) {
    consumer = KafkaTestClients.consumer(bootstrapServers, KafkaTestClients.Isolation.READ_COMMITTED);
    KafkaTestClients.assignFromBeginning(consumer, topic);
  }

  /** Reads what has been committed since the last poll, waiting at most {@code timeout}; returns how many. */
  public int poll(Duration timeout) {
    int read = 0;
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
      records.add(KafkaTestClients.toConsumed(r));
      read++;
    }
    return read;
  }

  /** Every record read so far. */
  public List<ConsumedRecord> records() {
    return Collections.unmodifiableList(records);
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
