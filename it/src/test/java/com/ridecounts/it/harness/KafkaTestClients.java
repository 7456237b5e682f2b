package com.ridecounts.it.harness;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plain Kafka clients for tests: produce raw values, read a whole topic back with a chosen isolation level. */
public final class KafkaTestClients {
  /** Kafka's two isolation levels, spelled as the consumer configuration wants them. */
  public enum Isolation {
    READ_COMMITTED("read_committed"),
    READ_UNCOMMITTED("read_uncommitted");

    final String config;

    Isolation(String config) {
      this.config = config;
    }
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private KafkaTestClients() {}

  /**
   * Produces {@code values} (raw bytes; null for a tombstone) in order to partition {@code partitionOf(i)} of {@code
   * topic}, without a key, and returns where each landed (offset, Kafka timestamp).
   */
  public static List<RecordMetadata> produce(
      String bootstrapServers, String topic, List<byte[]> values, java.util.function.IntUnaryOperator partitionOf) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // One request in flight and idempotence: offsets follow the order of send().
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < values.size(); i++) {
        sent.add(producer.send(new ProducerRecord<>(topic, partitionOf.applyAsInt(i), null, values.get(i))));
      }
      producer.flush();
      List<RecordMetadata> metadata = new ArrayList<>();
      for (Future<RecordMetadata> future : sent) {
        metadata.add(future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
      }
      return metadata;
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not produce to " + topic, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("producing to " + topic + " timed out", e);
    }
  }

  /** A consumer of raw bytes with the given isolation, no group, no auto commit. */
  public static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers, Isolation isolation) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.config);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** All partitions of {@code topic}, assigned to {@code consumer} and positioned at the beginning. */
  public static List<TopicPartition> assignFromBeginning(KafkaConsumer<?, ?> consumer, String topic) {
    List<TopicPartition> partitions = new ArrayList<>();
    consumer.partitionsFor(topic, TIMEOUT).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return partitions;
  }

  /** A topic read from the beginning up to its end offsets at the time of the call. */
  public record TopicContents(List<ConsumedRecord> records, Map<TopicPartition, Long> endOffsets) {
    public long endOffsetSum() {
      return endOffsets.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Reads {@code topic} from the beginning up to the end offsets it has now: the high watermark for read_uncommitted,
   * the last stable offset for read_committed (so the read_committed view is exactly the committed records).
   */
  public static TopicContents readAll(String bootstrapServers, String topic, Isolation isolation) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers, isolation)) {
      List<TopicPartition> partitions = assignFromBeginning(consumer, topic);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, TIMEOUT));
      List<ConsumedRecord> records = new ArrayList<>();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " up to " + end + " within " + TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
            records.add(toConsumed(r));
          }
        }
      }
      records.sort(
          java.util.Comparator.comparingInt(ConsumedRecord::partition).thenComparingLong(ConsumedRecord::offset));
      return new TopicContents(records, end);
    }
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey(), TIMEOUT) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  public static ConsumedRecord toConsumed(ConsumerRecord<byte[], byte[]> r) {
    return new ConsumedRecord(
        r.topic(),
        r.partition(),
        r.offset(),
        r.timestamp(),
        r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
        r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8));
  }
}
