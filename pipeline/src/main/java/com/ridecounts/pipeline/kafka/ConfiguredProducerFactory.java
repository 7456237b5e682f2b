package com.ridecounts.pipeline.kafka;

import java.time.Duration;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Creates KafkaIO's producers (plain and exactly-once) with the {@link KafkaClientConfig#secrets secret} client
 * settings merged under the configuration KafkaIO passes, so that passwords reach the producer without appearing in
 * KafkaIO's displayed configuration. The settings are never printed.
 *
 * <p>{@link #retryingWhileUnwritable} makes plain (non-transactional) producers that wait while a topic cannot be
 * written (ACL denied, topic deleted) instead of failing ({@link RetryWhileUnwritableProducer}). {@link
 * #droppingReplayedPanes} adds the pane sinks' guard against replays ({@link DropReplayedPanesProducer}).
 */
final class ConfiguredProducerFactory<K, V> implements SerializableFunction<Map<String, Object>, Producer<K, V>> {
  /** How often a write to a topic that cannot be written right now is tried again. */
  static final Duration UNWRITABLE_RETRY_INTERVAL = Duration.ofSeconds(5);

  private final HashMap<String, Object> secretSettings;
  private final boolean retryWhileUnwritable;
  private final @Nullable GuardedTopic guarded;

  /** The topic whose replayed panes the producers drop, and the guard's settings. */
  private record GuardedTopic(String topic, ReplayGuard guard) implements Serializable {}

  private ConfiguredProducerFactory(
      Map<String, Object> secretSettings, boolean retryWhileUnwritable, @Nullable GuardedTopic guarded) {
    this.secretSettings = new HashMap<>(secretSettings);
    this.retryWhileUnwritable = retryWhileUnwritable;
    this.guarded = guarded;
  }

  /** Plain Kafka producers; a failed write fails. Required for transactional (exactly-once) producers. */
  static <K, V> ConfiguredProducerFactory<K, V> failingWhenUnwritable(Map<String, Object> secretSettings) {
    return new ConfiguredProducerFactory<>(secretSettings, false, null);
  }

  /** Producers that hold and re-send writes to unwritable topics every {@link #UNWRITABLE_RETRY_INTERVAL}. */
  static <K, V> ConfiguredProducerFactory<K, V> retryingWhileUnwritable(Map<String, Object> secretSettings) {
    return new ConfiguredProducerFactory<>(secretSettings, true, null);
  }

  /**
   * This factory's producers, also dropping panes that {@code topic} already has or has passed ({@link
   * DropReplayedPanesProducer}); for at-least-once pane sinks.
   */
  ConfiguredProducerFactory<K, V> droppingReplayedPanes(String topic, ReplayGuard guard) {
    return new ConfiguredProducerFactory<>(secretSettings, retryWhileUnwritable, new GuardedTopic(topic, guard));
  }

  @Override
  public Producer<K, V> apply(Map<String, Object> config) {
    Map<String, Object> merged = new HashMap<>(secretSettings);
    merged.putAll(config);
    Producer<K, V> producer = new KafkaProducer<>(merged);
    if (retryWhileUnwritable) {
      producer = new RetryWhileUnwritableProducer<>(producer, UNWRITABLE_RETRY_INTERVAL);
    }
    return guarded == null ? producer : dropReplayedPanes(producer, merged, guarded);
  }

  /** The pane sink's values are JSON strings, so {@code V} is String whenever a guard is set. */
  @SuppressWarnings("unchecked")
  private Producer<K, V> dropReplayedPanes(
      Producer<K, V> producer, Map<String, Object> config, GuardedTopic guarded) {
    return (Producer<K, V>)
        DropReplayedPanesProducer.of((Producer<K, String>) producer, config, guarded.topic(), guarded.guard());
  }

  @Override
  public String toString() {
    return "ConfiguredProducerFactory" + secretSettings.keySet()
        + (retryWhileUnwritable ? " retrying while unwritable" : "")
        + (guarded == null ? "" : " dropping replayed panes of " + guarded.topic());
  }
}
