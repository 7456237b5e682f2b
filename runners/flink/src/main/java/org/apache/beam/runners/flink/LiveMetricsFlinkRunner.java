package org.apache.beam.runners.flink;

import com.ridecounts.flink.FlinkJobResult;
import com.ridecounts.flink.FlinkRunnerDefaults;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsValidator;

/**
 * Beam's classic {@link FlinkRunner}, unchanged in how it translates and runs the pipeline, whose {@link #run} returns
 * a {@link FlinkJobResult}: live counter values from {@code result.metrics()} while a streaming job runs, on the
 * embedded Flink or on a cluster (Beam's own Flink result has none until the job ends), and a state that stays
 * readable after the job's embedded cluster has shut down.
 *
 * <p>ride-counts' {@link FlinkRunnerDefaults} selects this runner in place of {@code --runner=FlinkRunner}; nobody
 * needs to name it. It lives in Beam's package on purpose: KafkaIO accepts the exactly-once sink only on runners
 * whose class is in {@code org.apache.beam.runners.flink.} (or Beam's Direct, Dataflow or Spark runners), and it is
 * a FlinkRunner in every respect but the result.
 */
public class LiveMetricsFlinkRunner extends FlinkRunner {
  private final FlinkPipelineOptions flinkOptions;

  protected LiveMetricsFlinkRunner(FlinkPipelineOptions options) {
    super(options);
    this.flinkOptions = options;
  }

  /** Called by Beam's {@code PipelineRunner.fromOptions}, like {@link FlinkRunner#fromOptions}. */
  public static LiveMetricsFlinkRunner fromOptions(PipelineOptions options) {
    return new LiveMetricsFlinkRunner(PipelineOptionsValidator.validate(FlinkPipelineOptions.class, options));
  }

  @Override
  public PipelineResult run(Pipeline pipeline) {
    PipelineResult result = super.run(pipeline);
    String master = flinkOptions.getFlinkMaster();
    return FlinkRunnerDefaults.isEmbedded(master)
        ? new FlinkJobResult(result, flinkOptions.getJobName())
        : FlinkJobResult.onCluster(result, flinkOptions.getJobName(), master);
  }

  @Override
  public String toString() {
    return "LiveMetricsFlinkRunner#" + hashCode();
  }
}
