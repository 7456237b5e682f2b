package com.ridecounts.pipeline.options;

import java.util.Set;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Default of {@link KafkaOptions#getStartFromCommittedOffsets()}: true, except on Beam's classic SparkRunner. The
 * SparkRunner finalizes KafkaIO's checkpoint mark, and so commits the consumer group's offsets, at the end of every
 * micro-batch <em>read</em>, before that batch's state is checkpointed; a job killed before its first checkpoint would
 * otherwise restart at offsets past input it never counted.
 */
public final class CommittedOffsetsDefault implements DefaultValueFactory<Boolean> {
  private static final Set<String> SPARK_RUNNERS = Set.of("SparkRunner", "TestSparkRunner", "SparkRunnerDebugger");

  @Override
  public Boolean create(PipelineOptions options) {
    return !SPARK_RUNNERS.contains(options.getRunner().getSimpleName());
  }
}
