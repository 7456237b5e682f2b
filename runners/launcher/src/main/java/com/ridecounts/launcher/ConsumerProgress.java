package com.ridecounts.launcher;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a job outside this JVM has read a topic: the sum of its consumer group's committed offsets over the topic's
 * partitions, through the Kafka Admin API. The job commits when its runner finalizes a checkpoint (KafkaIO {@code
 * commitOffsetsInFinalize}): on the SparkRunner right after each micro-batch's read, on the FlinkRunner on each
 * completed checkpoint, so this trails what the job has read by at most one batch or checkpoint interval.
 */
final class ConsumerProgress implements AutoCloseable {
  private final Admin admin;
  private final String groupId;
  private final String topic;

  ConsumerProgress(String bootstrapServers, Map<String, Object> clientSettings, String groupId, String topic) {
    Properties props = new Properties();
    props.putAll(clientSettings);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    this.admin = Admin.create(props);
    this.groupId = groupId;
    this.topic = topic;
  }

  /** Records of the topic the group has committed, summed over partitions (0 before the first commit). */
  long committed() throws InterruptedException {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
      return offsets.entrySet().stream()
          .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset())
          .sum();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read the committed offsets of group " + groupId, e.getCause());
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
