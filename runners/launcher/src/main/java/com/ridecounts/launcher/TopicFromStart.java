package com.ridecounts.launcher;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Opens a consumer on every partition of a topic, positioned at the beginning, reading committed records only
 * ({@code read_committed}), with no consumer group: how the launcher's commands read the job's output topics.
 */
final class TopicFromStart {
  private TopicFromStart() {}

  static <K, V> KafkaConsumer<K, V> open(
      String bootstrapServers,
      String topic,
      Map<String, Object> clientSettings,
      Deserializer<K> keys,
      Deserializer<V> values) {
    Properties props = new Properties();
    props.putAll(clientSettings);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keys, values);
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .collect(Collectors.toList());
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }
}
