package com.ridecounts.pipeline.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where the job reads and writes: the Kafka cluster, topics, consumer group and client settings. */
public interface KafkaOptions extends PipelineOptions {
  @Description("Kafka bootstrap servers, host:port[,host:port...].")
  @Default.String("localhost:9092")
  String getBootstrapServers();

  void setBootstrapServers(String value);

  @Description("Input topic of ride events (JSON values).")
  @Default.String("ride_events")
  String getInputTopic();

  void setInputTopic(String value);

  @Description("Output topic of window counts (JSON values keyed by event type).")
  @Default.String("ride_event_counts")
  String getOutputTopic();

  void setOutputTopic(String value);

  @Description("Dead-letter topic for records that fail validation (JSON values with reason and original bytes).")
  @Default.String("ride_events_dlq")
  String getDeadLetterTopic();

  void setDeadLetterTopic(String value);

  @Description("Consumer group id of the input reader; offsets are committed to it when a checkpoint finalizes.")
  @Default.String("ride-counts-v1")
  String getConsumerGroupId();

  void setConsumerGroupId(String value);

  @Description("Where an input partition starts when the job has no checkpointed offset for it and no committed offset is used"
          + " (see --startFromCommittedOffsets): EARLIEST or LATEST.")
  @Default.Enum("LATEST")
  StartingOffsets getStartingOffsets();

  void setStartingOffsets(StartingOffsets value);

  @Description(
      "Whether an input partition the runner has no checkpointed offset for starts at the consumer group's committed"
          + " offset (then --startingOffsets if the group has none), or at --startingOffsets directly. Default: true,"
          + " except on the SparkRunner, which commits offsets when it reads a micro-batch, before the batch's state is"
          + " checkpointed, so that a job killed before its first checkpoint would skip input it never counted. Set"
          + " true there to continue near where an earlier job stopped, for example with a new --checkpointDir after a"
          + " code change.")
  @Default.InstanceFactory(CommittedOffsetsDefault.class)
  Boolean getStartFromCommittedOffsets();

  void setStartFromCommittedOffsets(Boolean value);

  @Description(
      "Optional Java properties file with Kafka client settings (for example security.protocol, sasl.mechanism,"
          + " sasl.jaas.config, ssl.truststore.location) applied to every consumer and producer the job creates.")
  @Default.String("")
  String getKafkaPropertiesFile();

  void setKafkaPropertiesFile(String value);

  /** The two starting points a consumer group without committed offsets can take. */
  enum StartingOffsets {
    EARLIEST,
    LATEST
  }
}
