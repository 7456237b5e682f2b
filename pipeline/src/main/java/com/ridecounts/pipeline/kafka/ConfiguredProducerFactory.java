package com.ridecounts.pipeline.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Creates KafkaIO's producers (plain and exactly-once) with the {@link KafkaClientConfig#secrets secret} client
 * settings merged under the configuration KafkaIO passes, so that passwords reach the producer without appearing in
 * KafkaIO's displayed configuration. The settings are never printed.
 */
final class ConfiguredProducerFactory<K, V> implements SerializableFunction<Map<String, Object>, Producer<K, V>> {
  private final HashMap<String, Object> secretSettings;

  ConfiguredProducerFactory(Map<String, Object> secretSettings) {
    this.secretSettings = new HashMap<>(secretSettings);
  }

  @Override
  public Producer<K, V> apply(Map<String, Object> config) {
    Map<String, Object> merged = new HashMap<>(secretSettings);
    merged.putAll(config);
    return new KafkaProducer<>(merged);
  }

  @Override
  public String toString() {
    return "ConfiguredProducerFactory" + secretSettings.keySet();
  }
}
