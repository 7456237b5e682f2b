package com.ridecounts.direct;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.ridecounts.pipeline.options.RideCountsOptions;
import org.apache.beam.sdk.fn.JvmInitializers;
import org.apache.beam.sdk.options.ExperimentalOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** {@link DirectRunnerDefaults}: which runs get KafkaIO's splittable read. */
class DirectRunnerDefaultsTest {
  private static ExperimentalOptions parse(String... args) {
    PipelineOptionsFactory.register(RideCountsOptions.class);
    return PipelineOptionsFactory.fromArgs(args).as(RideCountsOptions.class).as(ExperimentalOptions.class);
  }

  @Test
  void directRunnerGetsKafkaIoSplittableReadThroughTheJvmInitializer() {
    ExperimentalOptions options = parse("--runner=DirectRunner", "--experiments=some_other");
    JvmInitializers.runBeforeProcessing(options);
    assertThat(options.getExperiments(), containsInAnyOrder("some_other", DirectRunnerDefaults.SDF_READ));
  }

  @Test
  void aReadChosenByTheUserIsKept() {
    ExperimentalOptions options = parse("--runner=DirectRunner", "--experiments=use_deprecated_read");
    DirectRunnerDefaults.apply(options);
    assertThat(options.getExperiments(), contains("use_deprecated_read"));
  }

  @Test
  void otherRunnersAreLeftAlone() {
    ExperimentalOptions options = parse("--runner=org.apache.beam.sdk.testing.CrashingRunner");
    DirectRunnerDefaults.apply(options);
    assertNull(options.getExperiments());
  }
}
