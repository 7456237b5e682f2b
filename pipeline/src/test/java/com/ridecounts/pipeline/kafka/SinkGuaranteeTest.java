package com.ridecounts.pipeline.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.ridecounts.pipeline.options.SinkOptions.DeliveryGuarantee;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.PipelineRunner;
import org.junit.jupiter.api.Test;

/** Which sink each runner gets: exactly-once where KafkaIO's EOS sink can run, at-least-once on Spark. */
class SinkGuaranteeTest {
  @Test
  void autoIsExactlyOnceOnRunnersWithStableInput() {
    assertThat(SinkGuarantee.resolve(DeliveryGuarantee.AUTO, DirectRunner.class), equalTo(SinkGuarantee.EXACTLY_ONCE));
  }

  @Test
  void autoIsAtLeastOnceOnTheSparkRunner() {
    assertThat(SinkGuarantee.resolve(DeliveryGuarantee.AUTO, SparkRunner.class), equalTo(SinkGuarantee.AT_LEAST_ONCE));
  }

  @Test
  void exactlyOnceOnSparkFailsAtStartWithTheReason() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SinkGuarantee.resolve(DeliveryGuarantee.EXACTLY_ONCE, SparkRunner.class));
    assertThat(e.getMessage(), containsString("#19107"));
  }

  @Test
  void atLeastOnceCanBeChosenAnywhere() {
    assertThat(
        SinkGuarantee.resolve(DeliveryGuarantee.AT_LEAST_ONCE, DirectRunner.class),
        equalTo(SinkGuarantee.AT_LEAST_ONCE));
  }

  /** Stands in for a runner by its simple name, as the resolver matches it. */
  private abstract static class NamedRunner extends PipelineRunner<PipelineResult> {
    @Override
    public PipelineResult run(Pipeline pipeline) {
      throw new UnsupportedOperationException();
    }
  }

  private static final class DirectRunner extends NamedRunner {}

  private static final class SparkRunner extends NamedRunner {}
}
