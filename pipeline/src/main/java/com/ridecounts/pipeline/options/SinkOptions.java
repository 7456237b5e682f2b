package com.ridecounts.pipeline.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** How the job writes to Kafka: delivery guarantee, the exactly-once sinks' settings and the optional latest-counts topic. */
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
      "Prefix of the exactly-once sinks' group ids (the counts, dead-letter and latest-counts sinks append -counts,"
          + " -dlq and -latest);"
          + " the sink keeps its progress under these ids, so keep them stable across restarts of one job.")
  @Default.String("ride-counts-sink")
  String getSinkGroupId();

  void setSinkGroupId(String value);

  @Description(
      "Optional compacted topic that also gets every count pane, keyed by (window, event type) as"
          + " <window start>/<window end>/<event type> (no third part for untyped events), with the same value and"
          + " delivery guarantee as the counts topic; the last record per key is the latest count. Create it yourself"
          + " with cleanup.policy=compact; the job never creates topics. Empty (the default): not written.")
  @Default.String("")
  String getLatestCountsTopic();

  void setLatestCountsTopic(String value);

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
