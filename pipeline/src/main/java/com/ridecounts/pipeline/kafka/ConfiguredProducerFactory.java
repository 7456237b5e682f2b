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
 * <p>{@link #retryingWhileUnauthorized} makes plain (non-transactional) producers that wait for an ACL to allow a
 * refused write instead of failing ({@link RetryWhileUnauthorizedProducer}).
 */
final class ConfiguredProducerFactory<K, V> implements SerializableFunction<Map<String, Object>, Producer<K, V>> {
  /** How often a write refused by an ACL is tried again. */
  static final Duration UNAUTHORIZED_RETRY_INTERVAL = Duration.ofSeconds(5);

  private final HashMap<String, Object> secretSettings;
  private final boolean retryWhileUnauthorized;

  private ConfiguredProducerFactory(Map<String, Object> secretSettings, boolean retryWhileUnauthorized) {
    this.secretSettings = new HashMap<>(secretSettings);
    this.retryWhileUnauthorized = retryWhileUnauthorized;
  }

  /** Plain Kafka producers; a refused write fails. Required for transactional (exactly-once) producers. */
  static <K, V> ConfiguredProducerFactory<K, V> failingWhenUnauthorized(Map<String, Object> secretSettings) {
    return new ConfiguredProducerFactory<>(secretSettings, false);
  }

  /** Producers that hold and re-send writes refused by an ACL every {@link #UNAUTHORIZED_RETRY_INTERVAL}. */
  static <K, V> ConfiguredProducerFactory<K, V> retryingWhileUnauthorized(Map<String, Object> secretSettings) {
    return new ConfiguredProducerFactory<>(secretSettings, true);
  }

  @Override
  public Producer<K, V> apply(Map<String, Object> config) {
    Map<String, Object> merged = new HashMap<>(secretSettings);
    merged.putAll(config);
    Producer<K, V> producer = new KafkaProducer<>(merged);
    return retryWhileUnauthorized
        ? new RetryWhileUnauthorizedProducer<>(producer, UNAUTHORIZED_RETRY_INTERVAL)
        : producer;
  }

  @Override
  public String toString() {
    return "ConfiguredProducerFactory" + secretSettings.keySet()
        + (retryWhileUnauthorized ? " retrying while unauthorized" : "");
  }
}
