package com.ridecounts.pipeline.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Creates KafkaIO's producers (plain and exactly-once) with the {@link KafkaClientConfig#secrets secret} client
 * settings merged under the configuration KafkaIO passes, so that passwords reach the producer without appearing in
 * KafkaIO's displayed configuration. The settings are never printed.
 *
 * <p>{@link #retryingWhileUnwritable} makes plain (non-transactional) producers that wait while a topic cannot be
 * written (ACL denied, topic deleted) instead of failing ({@link RetryWhileUnwritableProducer}).
 */
final class ConfiguredProducerFactory<K, V> implements SerializableFunction<Map<String, Object>, Producer<K, V>> {
  /** How often a write to a topic that cannot be written right now is tried again. */
  static final Duration UNWRITABLE_RETRY_INTERVAL = Duration.ofSeconds(5);

  private final HashMap<String, Object> secretSettings;
  private final boolean retryWhileUnwritable;

  private ConfiguredProducerFactory(Map<String, Object> secretSettings, boolean retryWhileUnwritable) {
    this.secretSettings = new HashMap<>(secretSettings);
    this.retryWhileUnwritable = retryWhileUnwritable;
  }

  /** Plain Kafka producers; a failed write fails. Required for transactional (exactly-once) producers. */
  static <K, V> ConfiguredProducerFactory<K, V> failingWhenUnwritable(Map<String, Object> secretSettings) {
    return new ConfiguredProducerFactory<>(secretSettings, false);
  }

  /** Producers that hold and re-send writes to unwritable topics every {@link #UNWRITABLE_RETRY_INTERVAL}. */
  static <K, V> ConfiguredProducerFactory<K, V> retryingWhileUnwritable(Map<String, Object> secretSettings) {
    return new ConfiguredProducerFactory<>(secretSettings, true);
  }

  @Override
  public Producer<K, V> apply(Map<String, Object> config) {
    Map<String, Object> merged = new HashMap<>(secretSettings);
    merged.putAll(config);
    Producer<K, V> producer = new KafkaProducer<>(merged);
    return retryWhileUnwritable
        ? new RetryWhileUnwritableProducer<>(producer, UNWRITABLE_RETRY_INTERVAL)
        : producer;
  }

  @Override
  public String toString() {
    return "ConfiguredProducerFactory" + secretSettings.keySet()
        + (retryWhileUnwritable ? " retrying while unwritable" : "");
  }
}
