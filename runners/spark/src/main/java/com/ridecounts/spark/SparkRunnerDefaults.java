package com.ridecounts.spark;

import com.ridecounts.pipeline.options.BackPressureOptions;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.sdk.harness.JvmInitializer;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ride-counts defaults for Beam's classic SparkRunner, applied to parsed options before the pipeline runs. Only
 * options the user did not set are touched, and nothing happens unless {@code --runner} is the SparkRunner:
 *
 * <ul>
 *   <li>{@code maxRecordsPerBatch} (SparkPipelineOptions, default -1 = unbounded) follows the job's user-facing
 *       back-pressure option {@code --maxOffsetsPerTrigger} ({@link BackPressureOptions}), the analogue of the seed's
 *       Structured Streaming {@code maxOffsetsPerTrigger}.
 *   <li>{@code batchIntervalMillis}: {@value #DEFAULT_BATCH_INTERVAL_MILLIS} ms micro-batches (Beam's default is 500).
 *   <li>{@code sparkMaster}: {@value #LOCAL_MASTER} for local runs (Beam's default is local[4]). Under spark-submit
 *       the {@code spark.master} system property is set, and Beam's SparkContextFactory uses it instead of this
 *       option, so this default never overrides the cluster's master.
 *   <li>{@code spark.streaming.stopGracefullyOnShutdown=true} (a system property, unless already set), as in the seed
 *       job: SIGTERM lets the current micro-batch finish before the streaming context stops.
 *   <li>{@code checkpointDir}: a fresh directory per run under {@code java.io.tmpdir/ride-counts-spark/} (Beam's
 *       default is {@code /tmp/<jobName>}, also per run). A fresh directory matters: Beam starts a streaming job with
 *       {@code JavaStreamingContext.getOrCreate(checkpointDir, ...)}, so a directory left by an earlier run would
 *       restore that run's DStream graph, topics and offsets. A production job that must resume after a restart
 *       sets {@code --checkpointDir} to a stable path on a shared file system (HDFS/S3/GCS): see {@link
 *       RideCountsSparkJob}.
 * </ul>
 *
 * <p>It is also a Beam {@link JvmInitializer} (registered in META-INF/services), so the launcher applies it, and the
 * defaults of any other runner module, without knowing the runner: {@code Launch.parseOptions} calls {@code
 * org.apache.beam.sdk.fn.JvmInitializers.runBeforeProcessing(options)} after parsing. The classic SparkRunner does not
 * call JvmInitializers itself; {@link RideCountsSparkJob} (spark-submit) calls {@link #apply} directly.
 */
public final class SparkRunnerDefaults implements JvmInitializer {
  private static final Logger LOG = LoggerFactory.getLogger(SparkRunnerDefaults.class);

  /** Micro-batch length when the user gives none. */
  public static final long DEFAULT_BATCH_INTERVAL_MILLIS = 1000;
  /** Spark master of a local run when the user gives none (the machines this project targets have 2 cores). */
  public static final String LOCAL_MASTER = "local[2]";

  /** The seed's graceful-shutdown setting; Spark reads it from system properties when it creates its configuration. */
  static final String STOP_GRACEFULLY = "spark.streaming.stopGracefullyOnShutdown";

  private static final Set<String> SPARK_RUNNERS = Set.of("SparkRunner", "TestSparkRunner", "SparkRunnerDebugger");

  @Override
  public void beforeProcessing(PipelineOptions options) {
    apply(options);
  }

  /** Whether {@code options} select the classic SparkRunner. */
  public static boolean isSparkRunner(PipelineOptions options) {
    return SPARK_RUNNERS.contains(options.getRunner().getSimpleName());
  }

  /**
   * Fills in the Spark options the user did not set (see the class comment); does nothing for other runners. Call it
   * after parsing and before {@code Pipeline.create}/{@code run}. Idempotent.
   */
  public static void apply(PipelineOptions options) {
    if (!isSparkRunner(options)) {
      return;
    }
    Set<String> given = explicitlySet(options);
    SparkPipelineOptions spark = options.as(SparkPipelineOptions.class);

    if (!given.contains("maxRecordsPerBatch")) {
      Long maxOffsets = options.as(BackPressureOptions.class).getMaxOffsetsPerTrigger();
      if (maxOffsets != null && maxOffsets > 0) {
        spark.setMaxRecordsPerBatch(maxOffsets);
      }
    }
    if (!given.contains("batchIntervalMillis")) {
      spark.setBatchIntervalMillis(DEFAULT_BATCH_INTERVAL_MILLIS);
    }
    if (!given.contains("sparkMaster") && System.getProperty("spark.master") == null) {
      spark.setSparkMaster(LOCAL_MASTER);
    }
    if (System.getProperty(STOP_GRACEFULLY) == null) {
      // read by Spark's StreamingContext shutdown hook: on SIGTERM, finish the current micro-batch, then stop
      System.setProperty(STOP_GRACEFULLY, "true");
    }
    if (!given.contains("checkpointDir")) {
      spark.setCheckpointDir(
          Path.of(System.getProperty("java.io.tmpdir"), "ride-counts-spark", options.getJobName()).toString());
    }
    LOG.info(
        "SparkRunner settings: master {}, {} ms batches, at most {} records per batch, checkpoints in {}",
        System.getProperty("spark.master", spark.getSparkMaster()),
        spark.getBatchIntervalMillis(),
        spark.getMaxRecordsPerBatch(),
        spark.getCheckpointDir());
  }

  /**
   * The names of the options given on the command line or set by a setter. Beam keeps no public flag for this, but a
   * PipelineOptions' display data holds exactly its explicitly set options (defaults are left out).
   */
  static Set<String> explicitlySet(PipelineOptions options) {
    Set<String> names = new HashSet<>();
    for (DisplayData.Item item : DisplayData.from(options).items()) {
      names.add(item.getKey());
    }
    return names;
  }
}
