package com.ridecounts.pipeline.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Creates the consumer that KafkaIO's exactly-once sink uses to read its committed progress. KafkaIO builds that
 * consumer's configuration from the bootstrap servers alone, so without this factory the sink could not reach a
 * cluster that needs SASL or TLS: this adds the user's client settings.
 */
final class ConfiguredConsumerFactory
    implements SerializableFunction<Map<String, Object>, Consumer<byte[], byte[]>> {
  private final HashMap<String, Object> clientSettings;

  ConfiguredConsumerFactory(Map<String, Object> clientSettings) {
    this.clientSettings = new HashMap<>(clientSettings);
  }

  @Override
  public Consumer<byte[], byte[]> apply(Map<String, Object> config) {
    Map<String, Object> merged = new HashMap<>(clientSettings);
    merged.putAll(config);
    return new KafkaConsumer<>(merged);
  }
}
