package com.ridecounts.pipeline.options;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** Where a partition without a checkpointed offset starts, per runner, unless the user says otherwise. */
class CommittedOffsetsDefaultTest {
  @Test
  void theGroupsCommittedOffsetsAreUsedOnRunnersThatCommitOnlyDurableProgress() {
    assertThat(startFromCommitted(DirectRunner.class), equalTo(true));
    assertThat(startFromCommitted(FlinkRunner.class), equalTo(true));
  }

  @Test
  void theSparkRunnerDoesNotStartFromOffsetsItCommittedBeforeItsStateWasDurable() {
    assertThat(startFromCommitted(SparkRunner.class), equalTo(false));
  }

  @Test
  void theUsersChoiceWins() {
    KafkaOptions options =
        PipelineOptionsFactory.fromArgs("--startFromCommittedOffsets=true").as(KafkaOptions.class);
    options.setRunner(SparkRunner.class);
    assertThat(options.getStartFromCommittedOffsets(), equalTo(true));
  }

  private static boolean startFromCommitted(Class<? extends PipelineRunner<?>> runner) {
    KafkaOptions options = PipelineOptionsFactory.create().as(KafkaOptions.class);
    options.setRunner(runner);
    return options.getStartFromCommittedOffsets();
  }

  /** Stands in for a runner by its simple name, as the default matches it. */
  private abstract static class NamedRunner extends PipelineRunner<PipelineResult> {
    @Override
    public PipelineResult run(Pipeline pipeline) {
      throw new UnsupportedOperationException();
    }
  }

  private static final class DirectRunner extends NamedRunner {}

  private static final class FlinkRunner extends NamedRunner {}

  private static final class SparkRunner extends NamedRunner {}
}
