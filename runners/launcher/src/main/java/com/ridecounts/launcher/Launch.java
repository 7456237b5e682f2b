package com.ridecounts.launcher;

import com.ridecounts.pipeline.options.RideCountsOptions;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.fn.JvmInitializers;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the launcher's commands share: parsing pipeline options with per-runner defaults, and stopping a job. */
final class Launch {
  private static final Logger LOG = LoggerFactory.getLogger(Launch.class);

  private Launch() {}

  /**
   * Parses the pipeline options of {@code cl}, adding the command's {@code defaults} where the user gave none. On the
   * DirectRunner (the default runner) {@code run()} must return instead of blocking, so the command can watch the job,
   * and the runner's test-only checks are off.
   */
  static RideCountsOptions parseOptions(CommandLine cl, Map<String, String> defaults) {
    PipelineOptionsFactory.register(RideCountsOptions.class);
    Map<String, String> all = new java.util.LinkedHashMap<>(defaults);
    String[] given = cl.pipelineArgs(Map.of());
    boolean direct = true;
    for (String arg : given) {
      if (arg.startsWith("--runner=")) {
        direct = arg.endsWith("DirectRunner");
      }
    }
    if (direct) {
      all.put("blockOnRun", "false");
      // The DirectRunner's immutability and encodability checks are for tests (which keep them); a job run by the
      // launcher skips their per-element copying.
      all.put("enforceImmutability", "false");
      all.put("enforceEncodability", "false");
    }
    RideCountsOptions options =
        PipelineOptionsFactory.fromArgs(cl.pipelineArgs(all)).withValidation().as(RideCountsOptions.class);
    // Per-runner defaults, without knowing the runner: each runner module registers a JvmInitializer (e.g.
    // com.ridecounts.spark.SparkRunnerDefaults, com.ridecounts.flink.FlinkRunnerDefaults) that fills in the options
    // the user did not set, for its own runner only.
    JvmInitializers.runBeforeProcessing(options);
    return options;
  }

  /**
   * Option defaults that give a one-off run of the job topics and consumer and sink groups of its own, named after
   * {@code run}, read from the earliest offset, with partitions idle after 5 s (so a finished backlog closes its
   * windows).
   */
  static Map<String, String> freshRunDefaults(String run) {
    Map<String, String> defaults = new java.util.LinkedHashMap<>();
    defaults.put("inputTopic", run + "-input");
    defaults.put("outputTopic", run + "-counts");
    defaults.put("deadLetterTopic", run + "-dlq");
    defaults.put("consumerGroupId", run);
    defaults.put("sinkGroupId", run + "-sink");
    defaults.put("startingOffsets", "EARLIEST");
    defaults.put("idlePartitionTimeoutSeconds", "5");
    return defaults;
  }

  /** Cancels a running job and waits up to 30 s for it to end, logging rather than failing if the runner cannot. */
  static void stop(PipelineResult result) {
    try {
      if (!result.getState().isTerminal()) {
        result.cancel();
        result.waitUntilFinish(org.joda.time.Duration.standardSeconds(30));
      }
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn("could not cancel the job", e);
    }
  }
}
