package com.ridecounts.spark;

import java.util.List;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;

/** Registers {@link SparkRecoveryOptions} with Beam's options parser (META-INF/services). */
public final class SparkRecoveryOptionsRegistrar implements PipelineOptionsRegistrar {
  @Override
  public Iterable<Class<? extends PipelineOptions>> getPipelineOptions() {
    return List.of(SparkRecoveryOptions.class);
  }
}
