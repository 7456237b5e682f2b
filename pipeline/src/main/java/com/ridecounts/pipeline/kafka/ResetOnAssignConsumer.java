package com.ridecounts.pipeline.kafka;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A Kafka consumer that moves every partition it is assigned to the position its {@code auto.offset.reset} names
 * (its beginning for {@code earliest}, else its end), ignoring offsets committed to its group. KafkaIO's reader assigns
 * its partitions, then seeks each one it has a checkpointed offset for, which overrides this; so only partitions
 * without a checkpointed offset start at the reset position.
 */
final class ResetOnAssignConsumer extends KafkaConsumer<byte[], byte[]> {
  private final boolean earliest;

  ResetOnAssignConsumer(Map<String, Object> config) {
    super(config);
    Object reset = config.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG);
    this.earliest = reset != null && "earliest".equals(reset.toString().toLowerCase(Locale.ROOT));
  }

  @Override
  public void assign(Collection<TopicPartition> partitions) {
    super.assign(partitions);
    if (earliest) {
      seekToBeginning(partitions);
    } else {
      seekToEnd(partitions);
    }
  }
}
