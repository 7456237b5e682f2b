package com.ridecounts.pipeline.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Event time, windows, lateness and triggering: the seed job's window(...), withWatermark(...) and trigger. */
public interface EventTimeOptions extends PipelineOptions {
  @Description("Length of each sliding window, in seconds (seed: window(event_time, \"1 minute\", ...)).")
  @Default.Long(60)
  Long getWindowSizeSeconds();

  void setWindowSizeSeconds(Long value);

  @Description("A new sliding window starts every this many seconds (seed: \"30 seconds\").")
  @Default.Long(30)
  Long getWindowPeriodSeconds();

  void setWindowPeriodSeconds(Long value);

  @Description(
      "How long after the watermark passes a window's end late events are still counted, in seconds."
          + " With watermarkDelaySeconds=0 this equals the seed's withWatermark(\"event_time\", \"10 minutes\").")
  @Default.Long(600)
  Long getAllowedLatenessSeconds();

  void setAllowedLatenessSeconds(Long value);

  @Description(
      "Bounded out-of-orderness: a partition's watermark is the largest event time seen on it minus this delay,"
          + " in seconds.")
  @Default.Long(0)
  Long getWatermarkDelaySeconds();

  void setWatermarkDelaySeconds(Long value);

  @Description(
      "An event whose ts is more than this many seconds after its Kafka record's timestamp cannot have happened yet"
          + " when it was written: it is dead-lettered (FUTURE_TIMESTAMP) and never moves the watermark.")
  @Default.Long(300)
  Long getMaxEventTimeAheadSeconds();

  void setMaxEventTimeAheadSeconds(Long value);

  @Description(
      "A partition with no backlog and no new record for this many seconds is idle: its watermark follows the wall"
          + " clock minus this timeout, so an empty partition cannot hold the watermark back forever.")
  @Default.Long(30)
  Long getIdlePartitionTimeoutSeconds();

  void setIdlePartitionTimeoutSeconds(Long value);

  @Description(
      "In UPDATE mode, early and late panes fire at most once per this many seconds of processing time"
          + " (seed: trigger(processingTime=\"30 seconds\")).")
  @Default.Long(30)
  Long getTriggerIntervalSeconds();

  void setTriggerIntervalSeconds(Long value);

  @Description(
      "UPDATE: early, on-time, late and final panes, accumulating (seed's outputMode(\"update\"))."
          + " APPEND: one final pane per window when it closes (seed's outputMode(\"append\")).")
  @Default.Enum("UPDATE")
  com.ridecounts.transforms.OutputMode getOutputMode();

  void setOutputMode(com.ridecounts.transforms.OutputMode value);
}
