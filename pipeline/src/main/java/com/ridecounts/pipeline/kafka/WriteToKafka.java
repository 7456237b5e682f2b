package com.ridecounts.pipeline.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes string-keyed JSON records to a Kafka topic with KafkaIO: transactional and exactly-once ({@code withEOS})
 * when {@link SinkGuarantee#EXACTLY_ONCE}, an idempotent producer with {@code acks=all} otherwise. Exactly-once output
 * is visible to consumers that read with {@code isolation.level=read_committed}. Secret client settings reach the
 * producers through a factory, out of KafkaIO's displayed configuration.
 *
 * <p>When the topic cannot be written right now (an ACL denies WRITE, or the topic was deleted), the at-least-once
 * sink waits: it re-sends the held records every 5 s, logging an ERROR naming the topic and the Kafka error each
 * time, until the broker accepts them ({@link RetryWhileUnwritableProducer}, which says why). The exactly-once sink
 * fails instead: a refused write aborts its transaction. So that a deleted topic is reported within seconds rather
 * than after Kafka's default minute, the at-least-once sink's producers wait at most {@link
 * #AT_LEAST_ONCE_MAX_BLOCK_MS} ms for a topic's metadata ({@code max.block.ms}) unless the client properties set it.
 */
public final class WriteToKafka extends PTransform<PCollection<KV<@Nullable String, String>>, PDone> {
  /** The at-least-once sink's {@code max.block.ms} unless the client properties set one: 10 s. */
  public static final int AT_LEAST_ONCE_MAX_BLOCK_MS = 10_000;

  private final String bootstrapServers;
  private final String topic;
  private final Map<String, Object> clientSettings;
  private final SinkGuarantee guarantee;
  private final int eosShards;
  private final String sinkGroupId;

  public WriteToKafka(
      String bootstrapServers,
      String topic,
      Map<String, Object> clientSettings,
      SinkGuarantee guarantee,
      int eosShards,
      String sinkGroupId) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.clientSettings = new HashMap<>(clientSettings);
    this.guarantee = guarantee;
    this.eosShards = eosShards;
    this.sinkGroupId = sinkGroupId;
  }

  @Override
  public PDone expand(PCollection<KV<@Nullable String, String>> records) {
    Map<String, Object> producerSettings = new HashMap<>(clientSettings);
    producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
    producerSettings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    if (guarantee != SinkGuarantee.EXACTLY_ONCE) {
      producerSettings.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, AT_LEAST_ONCE_MAX_BLOCK_MS);
    }
    KafkaIO.Write<@Nullable String, String> write =
        KafkaIO.<@Nullable String, String>write()
            .withBootstrapServers(bootstrapServers)
            .withTopic(topic)
            .withKeySerializer(StringSerializer.class)
            .withValueSerializer(StringSerializer.class)
            .withProducerConfigUpdates(KafkaClientConfig.visible(producerSettings))
            .withProducerFactoryFn(
                guarantee == SinkGuarantee.EXACTLY_ONCE
                    ? ConfiguredProducerFactory.<@Nullable String, String>failingWhenUnwritable(
                        KafkaClientConfig.secrets(producerSettings))
                    : ConfiguredProducerFactory.<@Nullable String, String>retryingWhileUnwritable(
                        KafkaClientConfig.secrets(producerSettings)));
    if (guarantee == SinkGuarantee.EXACTLY_ONCE) {
      write =
          write
              .withEOS(eosShards, sinkGroupId)
              .withConsumerFactoryFn(new ConfiguredConsumerFactory(clientSettings, false));
    }
    return records.apply("Write to " + topic, write);
  }
}
