package com.ridecounts.pipeline.kafka;

import com.ridecounts.model.WindowCount;
import com.ridecounts.model.WindowCountJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads back the panes an output topic received in its last {@code tail} of writes (by record timestamp, up to the
 * newest record of each partition) into a {@link WrittenPanes}. A restarted at-least-once job replays at most the
 * micro-batches since its last checkpoint, written shortly before it stopped, so that tail is what a replay can repeat.
 * Values that are not panes are skipped.
 */
final class WrittenPanesReader {
  private static final Logger LOG = LoggerFactory.getLogger(WrittenPanesReader.class);
  private static final Duration POLL = Duration.ofMillis(500);
  /** Records read back per partition to find its newest record timestamp. */
  private static final int NEWEST_RECORDS = 100;

  private WrittenPanesReader() {}

  /**
   * The panes of the last {@code tail} of writes to {@code topic}, remembered with {@code horizonMillis} ({@link
   * WrittenPanes}); {@code clientConfig} holds the producer's settings, of which only the connection and security
   * ones are used.
   */
  static WrittenPanes read(Map<String, Object> clientConfig, String topic, Duration tail, long horizonMillis) {
    long started = System.nanoTime();
    WrittenPanes panes = new WrittenPanes(horizonMillis);
    int records = 0;
    int skipped = 0;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(clientConfig))) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic)) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Map<TopicPartition, Long> from = tailStart(consumer, partitions, begin, end, tail);
      from.forEach(consumer::seek);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
          if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
            continue;
          }
          try {
            panes.written(WindowCountJson.fromJson(record.value()));
            records++;
          } catch (RuntimeException notAPane) {
            skipped++;
          }
        }
      }
    }
    LOG.info(
        "Read back {} panes ({} other records) of the last {} s of writes to {} in {} ms: {} (window, event type)"
            + " keys; a pane that repeats one of them or goes below it will not be written again",
        records, skipped, tail.toSeconds(), topic, (System.nanoTime() - started) / 1_000_000, panes.size());
    return panes;
  }

  /** Per partition, the first offset whose timestamp is within {@code tail} of the partition's newest record. */
  private static Map<TopicPartition, Long> tailStart(
      KafkaConsumer<String, String> consumer,
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> begin,
      Map<TopicPartition, Long> end,
      Duration tail) {
    Map<TopicPartition, Long> newest = new HashMap<>();
    for (TopicPartition p : partitions) {
      if (end.get(p) > begin.get(p)) {
        consumer.seek(p, Math.max(begin.get(p), end.get(p) - NEWEST_RECORDS));
      } else {
        consumer.pause(List.of(p));
      }
    }
    while (partitions.stream().anyMatch(p -> end.get(p) > begin.get(p) && consumer.position(p) < end.get(p))) {
      for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
        newest.merge(new TopicPartition(record.topic(), record.partition()), record.timestamp(), Math::max);
      }
    }
    consumer.resume(partitions);
    Map<TopicPartition, Long> since = new HashMap<>();
    newest.forEach((p, ts) -> since.put(p, Math.max(0, ts - tail.toMillis())));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(since);
    Map<TopicPartition, Long> from = new HashMap<>();
    for (TopicPartition p : partitions) {
      OffsetAndTimestamp at = found.get(p);
      from.put(p, at == null ? end.get(p) : at.offset());
    }
    return from;
  }

  /** Connection and security settings of {@code clientConfig}, for a read_committed consumer without a group. */
  private static Map<String, Object> consumerConfig(Map<String, Object> clientConfig) {
    Map<String, Object> config = new HashMap<>();
    clientConfig.forEach(
        (key, value) -> {
          String k = key.toLowerCase(Locale.ROOT);
          if (k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")
              || k.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
              || k.equals(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG)) {
            config.put(key, value);
          }
        });
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return config;
  }
}
