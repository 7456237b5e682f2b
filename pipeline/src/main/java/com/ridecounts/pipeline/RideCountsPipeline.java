package com.ridecounts.pipeline;

import com.ridecounts.model.DeadLetter;
import com.ridecounts.model.RideEvent;
import com.ridecounts.model.WindowCount;
import com.ridecounts.pipeline.kafka.KafkaClientConfig;
import com.ridecounts.pipeline.kafka.ReadRideEvents;
import com.ridecounts.pipeline.kafka.ReplayGuard;
import com.ridecounts.pipeline.kafka.SinkGuarantee;
import com.ridecounts.pipeline.kafka.WriteToKafka;
import com.ridecounts.pipeline.options.RideCountsOptions;
import com.ridecounts.transforms.CountRidesPerWindow;
import com.ridecounts.transforms.FormatCounts;
import com.ridecounts.transforms.FormatDeadLetters;
import com.ridecounts.transforms.FormatLatestCounts;
import com.ridecounts.transforms.ValidateRecords;
import com.ridecounts.transforms.WindowingSpec;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ride-counts streaming job: reads JSON ride events from Kafka, validates them (bad records go to the dead-letter
 * topic with their reason), counts them per event type in sliding event-time windows, and writes the counts to Kafka,
 * exactly once where the runner supports it.
 *
 * <p>With {@code --latestCountsTopic} the panes also go, keyed by (window, event type), to a compacted topic
 * ({@link FormatLatestCounts}).
 *
 * <p>Run it against an existing cluster with {@code ./ride-counts run --runner=DirectRunner
 * --bootstrapServers=host:9092} (all options: {@code --help=RideCountsOptions}). Tests build the same topology with
 * {@link #buildPipeline}.
 */
public final class RideCountsPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(RideCountsPipeline.class);

  private RideCountsPipeline() {}

  /** Parses the options, starts the job and waits until it ends (Ctrl-C or SIGTERM cancels it). */
  public static void main(String[] args) {
    PipelineOptionsFactory.register(RideCountsOptions.class);
    runUntilStopped(PipelineOptionsFactory.fromArgs(args).withValidation().as(RideCountsOptions.class));
  }

  /**
   * Starts the job and waits until it ends; Ctrl-C or SIGTERM stops it first. Needs a runner whose {@code run()}
   * returns (the launcher sets the DirectRunner's {@code --blockOnRun=false}). On Spark the streaming context's own
   * shutdown hook stops the job, gracefully (the current micro-batch finishes) with {@code
   * spark.streaming.stopGracefullyOnShutdown=true}, which the Spark runner module sets; a second hook cancelling the
   * job would deadlock against it. On the other runners a hook cancels the job.
   */
  public static void runUntilStopped(RideCountsOptions options) {
    PipelineResult result = run(options);
    if (!options.getRunner().getSimpleName().startsWith("Spark")) {
      Runtime.getRuntime().addShutdownHook(new Thread(new CancelOnShutdown(result), "ride-counts-shutdown"));
    }
    result.waitUntilFinish();
  }

  /** Builds the job on a new pipeline and starts it in streaming mode. */
  public static PipelineResult run(RideCountsOptions options) {
    options.setStreaming(true);
    Pipeline pipeline = Pipeline.create(options);
    buildPipeline(pipeline, options);
    return pipeline.run();
  }

  /** Applies the whole job to {@code pipeline}: read, validate, dead-letter, window, count, write. */
  public static void buildPipeline(Pipeline pipeline, RideCountsOptions options) {
    SinkGuarantee guarantee = SinkGuarantee.resolve(options.getDeliveryGuarantee(), options.getRunner());
    LOG.info(
        "{} output on {}: counts to {}{}, dead letters to {}; {}",
        guarantee,
        options.getRunner().getSimpleName(),
        options.getOutputTopic(),
        options.getLatestCountsTopic().isEmpty() ? "" : " and latest counts to " + options.getLatestCountsTopic(),
        options.getDeadLetterTopic(),
        windowingSpec(options));
    LOG.info(
        "Input partitions without a checkpointed offset start at {}",
        options.getStartFromCommittedOffsets()
            ? "the offsets committed to consumer group " + options.getConsumerGroupId() + ", else "
                + options.getStartingOffsets()
            : options.getStartingOffsets() + " (offsets committed to the consumer group are not used)");
    Map<String, Object> clientSettings = KafkaClientConfig.load(options.getKafkaPropertiesFile());

    PCollectionTuple records =
        pipeline
            .apply(
                "Read ride events",
                new ReadRideEvents(
                    options.getBootstrapServers(),
                    options.getInputTopic(),
                    ReadRideEvents.consumerSettings(
                        clientSettings,
                        options.getConsumerGroupId(),
                        options.getStartingOffsets().name().toLowerCase(Locale.ROOT)),
                    Duration.standardSeconds(options.getWatermarkDelaySeconds()),
                    Duration.standardSeconds(options.getIdlePartitionTimeoutSeconds()),
                    Duration.standardSeconds(options.getMaxEventTimeAheadSeconds()),
                    options.getStartFromCommittedOffsets()))
            .apply(
                "Validate records",
                new ValidateRecords(Duration.standardSeconds(options.getMaxEventTimeAheadSeconds())));

    PCollection<DeadLetter> deadLetters = records.get(ValidateRecords.DEAD_LETTERS);
    deadLetters
        .apply("Format dead letters", new FormatDeadLetters(options.getDeadLetterMaxPayloadBytes()))
        .apply(
            "Write dead letters",
            new WriteToKafka(
                options.getBootstrapServers(),
                options.getDeadLetterTopic(),
                clientSettings,
                guarantee,
                options.getEosShards(),
                options.getSinkGroupId() + "-dlq"));

    PCollection<RideEvent> events = records.get(ValidateRecords.VALID);
    PCollection<WindowCount> counts =
        events.apply("Count rides per window", new CountRidesPerWindow(windowingSpec(options)));
    counts
        .apply("Format counts", new FormatCounts())
        .apply(
            "Write counts",
            new WriteToKafka(
                options.getBootstrapServers(),
                options.getOutputTopic(),
                clientSettings,
                guarantee,
                options.getEosShards(),
                options.getSinkGroupId() + "-counts")
            .droppingReplayedPanes(replayGuard(options)));

    if (!options.getLatestCountsTopic().isEmpty()) {
      counts
          .apply("Format latest counts", new FormatLatestCounts())
          .apply(
              "Write latest counts",
              new WriteToKafka(
                  options.getBootstrapServers(),
                  options.getLatestCountsTopic(),
                  clientSettings,
                  guarantee,
                  options.getEosShards(),
                  options.getSinkGroupId() + "-latest")
              .droppingReplayedPanes(replayGuard(options)));
    }
  }

  /** What the at-least-once pane sinks read back and remember to drop replayed panes (see ReplayGuard). */
  private static ReplayGuard replayGuard(RideCountsOptions options) {
    return ReplayGuard.forWindows(
        java.time.Duration.ofSeconds(options.getWindowSizeSeconds()),
        java.time.Duration.ofSeconds(options.getAllowedLatenessSeconds()));
  }

  /** The typed windowing settings the count transform takes, from the options. */
  public static WindowingSpec windowingSpec(RideCountsOptions options) {
    return new WindowingSpec(
        Duration.standardSeconds(options.getWindowSizeSeconds()),
        Duration.standardSeconds(options.getWindowPeriodSeconds()),
        Duration.standardSeconds(options.getAllowedLatenessSeconds()),
        Duration.standardSeconds(options.getTriggerIntervalSeconds()),
        options.getOutputMode());
  }

  /** Cancels the running job when the JVM is asked to stop. */
  private static final class CancelOnShutdown implements Runnable {
    private final PipelineResult result;

    CancelOnShutdown(PipelineResult result) {
      this.result = result;
    }

    @Override
    public void run() {
      try {
        if (!result.getState().isTerminal()) {
          LOG.info("Stopping ride-counts");
          result.cancel();
        }
      } catch (java.io.IOException | UnsupportedOperationException e) {
        LOG.warn("Could not cancel the job cleanly", e);
      }
    }
  }
}
