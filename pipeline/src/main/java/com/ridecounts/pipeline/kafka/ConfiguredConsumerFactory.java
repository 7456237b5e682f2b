package com.ridecounts.pipeline.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Creates KafkaIO's consumers with extra settings merged under the configuration KafkaIO passes (KafkaIO's wins). Used
 * for the input's consumers, to add the {@link KafkaClientConfig#secrets secret} client settings that are kept out of
 * KafkaIO's displayed configuration, and for the consumer the exactly-once sink uses to read its committed progress,
 * whose configuration KafkaIO builds from the bootstrap servers alone (without the user's settings the sink could not
 * reach a cluster that needs SASL or TLS). The settings are never printed.
 */
final class ConfiguredConsumerFactory
    implements SerializableFunction<Map<String, Object>, Consumer<byte[], byte[]>> {
  private final HashMap<String, Object> clientSettings;

  ConfiguredConsumerFactory(Map<String, Object> clientSettings) {
    this.clientSettings = new HashMap<>(clientSettings);
  }

  @Override
  public String toString() {
    return "ConfiguredConsumerFactory" + clientSettings.keySet();
  }

  @Override
  public Consumer<byte[], byte[]> apply(Map<String, Object> config) {
    Map<String, Object> merged = new HashMap<>(clientSettings);
    merged.putAll(config);
    return new KafkaConsumer<>(merged);
  }
}
