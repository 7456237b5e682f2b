package com.ridecounts.spark;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * How the SparkRunner job keeps what a restart from its checkpoint needs. Registered by {@link
 * SparkRecoveryOptionsRegistrar}, so {@code --sparkRememberSeconds} is accepted wherever the Spark runner module is on
 * the class path.
 */
public interface SparkRecoveryOptions extends PipelineOptions {
  @Description(
      "SparkRunner: how long each DStream remembers its micro-batches' RDDs and state checkpoints (Spark's"
          + " StreamingContext.remember). A restart from checkpointDir re-runs the batches of the down time; their"
          + " checkpoints can be written late, and if the job is killed again then, a checkpoint that has forgotten its"
          + " own state makes Spark recompute the state from the job's first batch. Remembering longer than the"
          + " re-run lags prevents that, at the cost of keeping that many batches' state checkpoint files (cached"
          + " blocks are still released after 2 batches).")
  @Default.Long(120)
  Long getSparkRememberSeconds();

  void setSparkRememberSeconds(Long value);
}
