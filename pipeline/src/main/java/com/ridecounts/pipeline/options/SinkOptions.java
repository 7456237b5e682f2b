package com.ridecounts.pipeline.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** How the job writes to Kafka: delivery guarantee and the exactly-once sink's settings. */
public interface SinkOptions extends PipelineOptions {
  @Description(
      "AUTO: exactly-once (transactional KafkaIO sink) on runners that support it, at-least-once elsewhere."
          + " EXACTLY_ONCE: fail at start-up if the runner cannot give it. AT_LEAST_ONCE: plain producer.")
  @Default.Enum("AUTO")
  DeliveryGuarantee getDeliveryGuarantee();

  void setDeliveryGuarantee(DeliveryGuarantee value);

  @Description("Number of shards (parallel transactional producers) of each exactly-once sink.")
  @Default.Integer(1)
  Integer getEosShards();

  void setEosShards(Integer value);

  @Description(
      "Prefix of the exactly-once sinks' group ids (the counts and dead-letter sinks append -counts and -dlq);"
          + " the sink keeps its progress under these ids, so keep them stable across restarts of one job.")
  @Default.String("ride-counts-sink")
  String getSinkGroupId();

  void setSinkGroupId(String value);

  @Description(
      "Largest part of a rejected record's original value kept in its dead letter, in bytes; a larger original is"
          + " truncated and marked with its size and SHA-256. Keep it below the dead-letter topic's"
          + " max.message.bytes and the producer's max.request.size (default 1 MiB) divided by 4/3 (base64).")
  @Default.Integer(256 * 1024)
  Integer getDeadLetterMaxPayloadBytes();

  void setDeadLetterMaxPayloadBytes(Integer value);

  /** The delivery guarantee requested for the output topics. */
  enum DeliveryGuarantee {
    AUTO,
    EXACTLY_ONCE,
    AT_LEAST_ONCE
  }
}
