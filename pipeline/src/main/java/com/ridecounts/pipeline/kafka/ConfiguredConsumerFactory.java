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
 * reach a cluster that needs SASL or TLS). The settings are never printed. The input's factory can also make its
 * consumers ignore the group's committed offsets ({@link ResetOnAssignConsumer}).
 */
final class ConfiguredConsumerFactory
    implements SerializableFunction<Map<String, Object>, Consumer<byte[], byte[]>> {
  private final HashMap<String, Object> clientSettings;
  private final boolean ignoreCommittedOffsets;

  /**
   * @param ignoreCommittedOffsets whether the consumers start assigned partitions at their {@code auto.offset.reset}
   *     position instead of the group's committed offsets (checkpointed offsets still win)
   */
  ConfiguredConsumerFactory(Map<String, Object> clientSettings, boolean ignoreCommittedOffsets) {
    this.clientSettings = new HashMap<>(clientSettings);
    this.ignoreCommittedOffsets = ignoreCommittedOffsets;
  }

  @Override
  public String toString() {
    return "ConfiguredConsumerFactory" + clientSettings.keySet();
  }

  @Override
  public Consumer<byte[], byte[]> apply(Map<String, Object> config) {
    Map<String, Object> merged = new HashMap<>(clientSettings);
    merged.putAll(config);
    return ignoreCommittedOffsets ? new ResetOnAssignConsumer(merged) : new KafkaConsumer<>(merged);
  }
}
