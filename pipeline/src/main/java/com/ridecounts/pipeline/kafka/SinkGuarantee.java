package com.ridecounts.pipeline.kafka;

import com.ridecounts.pipeline.options.SinkOptions.DeliveryGuarantee;
import java.util.Set;
import org.apache.beam.sdk.PipelineRunner;

/**
 * The delivery guarantee the Kafka sinks give on a given runner. KafkaIO's exactly-once sink needs the runner to
 * support {@code @RequiresStableInput}; the Beam 2.70 SparkRunner does not (apache/beam #19107) and rejects it when
 * the pipeline starts, so on Spark the sinks are at-least-once and consumers rely on the record identity and final
 * flag in each count instead.
 */
public enum SinkGuarantee {
  EXACTLY_ONCE,
  AT_LEAST_ONCE;

  private static final Set<String> RUNNERS_WITHOUT_STABLE_INPUT =
      Set.of("SparkRunner", "TestSparkRunner", "SparkRunnerDebugger", "SparkStructuredStreamingRunner");

  /** Whether {@code runner} can run KafkaIO's exactly-once sink. */
  public static boolean supportsExactlyOnce(Class<? extends PipelineRunner<?>> runner) {
    return !RUNNERS_WITHOUT_STABLE_INPUT.contains(runner.getSimpleName());
  }

  /** Resolves the requested guarantee against what {@code runner} supports; fails if exactly-once is impossible. */
  public static SinkGuarantee resolve(DeliveryGuarantee requested, Class<? extends PipelineRunner<?>> runner) {
    boolean supported = supportsExactlyOnce(runner);
    switch (requested) {
      case AT_LEAST_ONCE:
        return AT_LEAST_ONCE;
      case EXACTLY_ONCE:
        if (!supported) {
          throw new IllegalArgumentException(
              runner.getSimpleName()
                  + " cannot run KafkaIO's exactly-once sink (no @RequiresStableInput support, apache/beam #19107);"
                  + " use --deliveryGuarantee=AUTO or AT_LEAST_ONCE");
        }
        return EXACTLY_ONCE;
      default:
        return supported ? EXACTLY_ONCE : AT_LEAST_ONCE;
    }
  }
}
