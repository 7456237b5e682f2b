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
 * <p>The exactly-once sink's producers retry a refused transactional request after {@value
 * #EOS_RETRY_BACKOFF_MILLIS} ms instead of Kafka's default 100 ms ({@code retry.backoff.ms}; a value in {@code
 * --kafkaPropertiesFile} wins). KafkaIO's sink commits one transaction per element it gets, and on the FlinkRunner it
 * gets one element per output record (the sink's {@code GroupByKey}s fire on every element). A transaction started
 * right after a commit is refused while the coordinator still completes the previous one ({@code
 * CONCURRENT_TRANSACTIONS}) and waits one retry backoff: with 100 ms that capped the sink at about 10 records/s per
 * shard (BENCHMARKS.md, "FlinkRunner: where the time went").
 *
 * <p>When the topic cannot be written right now (an ACL denies WRITE, or the topic was deleted), the at-least-once
 * sink waits: it re-sends the held records every 5 s, logging an ERROR naming the topic and the Kafka error each
 * time, until the broker accepts them ({@link RetryWhileUnwritableProducer}, which says why). The exactly-once sink
 * fails instead: a refused write aborts its transaction. So that a deleted topic is reported within seconds rather
 * than after Kafka's default minute, the at-least-once sink's producers wait at most {@link
 * #AT_LEAST_ONCE_MAX_BLOCK_MS} ms for a topic's metadata ({@code max.block.ms}) unless the client properties set it.
 *
 * <p>An at-least-once sink of panes ({@link #droppingReplayedPanes}) does not write a pane again that its topic already
 * has or has passed, so replays after a restart neither repeat panes nor move a key backwards.
 */
public final class WriteToKafka extends PTransform<PCollection<KV<@Nullable String, String>>, PDone> {
  /** {@code retry.backoff.ms} of the exactly-once sink's producers unless the client settings give one. */
  public static final int EOS_RETRY_BACKOFF_MILLIS = 10;

  /** The at-least-once sink's {@code max.block.ms} unless the client properties set one: 10 s. */
  public static final int AT_LEAST_ONCE_MAX_BLOCK_MS = 10_000;

  private final String bootstrapServers;
  private final String topic;
  private final Map<String, Object> clientSettings;
  private final SinkGuarantee guarantee;
  private final int eosShards;
  private final String sinkGroupId;
  private final @Nullable ReplayGuard replayGuard;

  public WriteToKafka(
      String bootstrapServers,
      String topic,
      Map<String, Object> clientSettings,
      SinkGuarantee guarantee,
      int eosShards,
      String sinkGroupId) {
    this(bootstrapServers, topic, clientSettings, guarantee, eosShards, sinkGroupId, null);
  }

  private WriteToKafka(
      String bootstrapServers,
      String topic,
      Map<String, Object> clientSettings,
      SinkGuarantee guarantee,
      int eosShards,
      String sinkGroupId,
      @Nullable ReplayGuard replayGuard) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.clientSettings = new HashMap<>(clientSettings);
    this.guarantee = guarantee;
    this.eosShards = eosShards;
    this.sinkGroupId = sinkGroupId;
    this.replayGuard = replayGuard;
  }

  /**
   * This sink for panes ({@code WindowCountJson} values): when it is at-least-once, a pane that the topic already has
   * or has passed is not written again ({@link DropReplayedPanesProducer}). No effect on the exactly-once sink.
   */
  public WriteToKafka droppingReplayedPanes(ReplayGuard guard) {
    return new WriteToKafka(bootstrapServers, topic, clientSettings, guarantee, eosShards, sinkGroupId, guard);
  }

  @Override
  public PDone expand(PCollection<KV<@Nullable String, String>> records) {
    Map<String, Object> producerSettings = producerSettings(clientSettings, guarantee);
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
                    : atLeastOnceProducers(KafkaClientConfig.secrets(producerSettings)));
    if (guarantee == SinkGuarantee.EXACTLY_ONCE) {
      write =
          write
              .withEOS(eosShards, sinkGroupId)
              .withConsumerFactoryFn(new ConfiguredConsumerFactory(clientSettings, false));
    }
    return records.apply("Write to " + topic, write);
  }

  private ConfiguredProducerFactory<@Nullable String, String> atLeastOnceProducers(Map<String, Object> secrets) {
    ConfiguredProducerFactory<@Nullable String, String> producers =
        ConfiguredProducerFactory.retryingWhileUnwritable(secrets);
    return replayGuard == null ? producers : producers.droppingReplayedPanes(topic, replayGuard);
  }

  /**
   * The producer settings of a sink: the client settings, with {@code acks=all} and idempotence; for the exactly-once
   * sink {@code retry.backoff.ms} {@value #EOS_RETRY_BACKOFF_MILLIS} and for the at-least-once sink {@code
   * max.block.ms} {@value #AT_LEAST_ONCE_MAX_BLOCK_MS}, each unless the client settings set it.
   */
  static Map<String, Object> producerSettings(Map<String, Object> clientSettings, SinkGuarantee guarantee) {
    Map<String, Object> settings = new HashMap<>(clientSettings);
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    if (guarantee == SinkGuarantee.EXACTLY_ONCE) {
      settings.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, EOS_RETRY_BACKOFF_MILLIS);
    } else {
      settings.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, AT_LEAST_ONCE_MAX_BLOCK_MS);
    }
    return settings;
  }
}
