package com.ridecounts.pipeline.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** How much input the job takes at once: the analogue of the seed's maxOffsetsPerTrigger. */
public interface BackPressureOptions extends PipelineOptions {
  @Description(
      "Most input records taken per micro-batch (seed: maxOffsetsPerTrigger). On the SparkRunner it becomes the"
          + " runner's maxRecordsPerBatch. The Direct and Flink runners pull from Kafka only as fast as they process"
          + " (a Kafka consumer poll returns at most max.poll.records, settable in kafkaPropertiesFile).")
  @Default.Long(500_000)
  Long getMaxOffsetsPerTrigger();

  void setMaxOffsetsPerTrigger(Long value);
}
