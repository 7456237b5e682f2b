package com.ridecounts.spark;

import com.ridecounts.pipeline.options.BackPressureOptions;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.beam.runners.spark.SparkContextOptions;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.sdk.harness.JvmInitializer;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.spark.streaming.StreamingContext;
import org.apache.spark.streaming.api.java.JavaStreamingListener;
import org.apache.beam.runners.spark.translation.streaming.Checkpoint.CheckpointDir;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.runtime.AbstractFunction0;
import scala.runtime.BoxedUnit;

/**
 * The ride-counts defaults for Beam's classic SparkRunner, applied to parsed options before the pipeline runs. Only
 * options the user did not set are touched, and nothing happens unless {@code --runner} is the SparkRunner:
 *
 * <ul>
 *   <li>{@code maxRecordsPerBatch} (SparkPipelineOptions, default -1 = unbounded) follows the job's user-facing
 *       back-pressure option {@code --maxOffsetsPerTrigger} ({@link BackPressureOptions}), the analogue of the seed's
 *       Structured Streaming {@code maxOffsetsPerTrigger}. Beam divides it evenly across the source's splits (at most
 *       one per Kafka partition; {@code MicrobatchSource.split}), and each split stops reading at its share. One
 *       exception: Beam's {@code MicrobatchSource.Reader#start} does not count the first record a newly opened reader
 *       returns, so a batch that opens a reader (the first one, or after the cached reader was idle for more than 1.5
 *       batch intervals) can take one record more per split. Subtracting that here would need the split count, which
 *       is only known when the runner splits the source.
 *   <li>{@code batchIntervalMillis}: {@value #DEFAULT_BATCH_INTERVAL_MILLIS} ms micro-batches (Beam's default is 500).
 *       Spark's {@code JobGenerator} loop builds each batch's RDDs, checkpoints the DStream graph every batch and
 *       unpersists the cached RDDs of completed batches; with 1 s batches it fell minutes behind on a loaded 2-core
 *       driver and the heap grew with the events read, with 2 s batches the live heap stayed flat from 1M to 10M
 *       events (BENCHMARKS.md section 5).
 *   <li>{@code checkpointDurationMillis}: the batch interval, so the streaming state (the Kafka reader's offsets and
 *       watermark in the source's {@code mapWithState}, the windows' counts and timers in {@code updateStateByKey}) is
 *       checkpointed after every micro-batch, starting with the first. Beam's default (-1) leaves Spark's: every 10
 *       batch intervals, with nothing written for the first 10. A job restarted from {@code checkpointDir} before the
 *       first state checkpoint starts with empty state, and then KafkaIO resumes from the consumer group's committed
 *       offsets, which the SparkRunner commits right after it <em>reads</em> each micro-batch ({@code
 *       MicrobatchSource.Reader} finalizes the checkpoint mark at the end of every read): the records read before the
 *       kill would be in neither the restored state nor the replay, and their windows would never get a final pane.
 *       Checkpointing every batch narrows that window to the first micro-batch; it costs one write of the state per
 *       batch (set {@code --checkpointDurationMillis} to a multiple of the batch interval to trade that back). The
 *       first micro-batch is covered by the input not starting from committed offsets on Spark ({@code
 *       --startFromCommittedOffsets} defaults to false here, see {@code CommittedOffsetsDefault}).
 *   <li>{@code sparkMaster}: {@value #LOCAL_MASTER} for local runs (Beam's default is local[4]). Under spark-submit
 *       the {@code spark.master} system property is set, and Beam's SparkContextFactory uses it instead of this
 *       option, so this default never overrides the cluster's master.
 *   <li>{@code spark.streaming.stopGracefullyOnShutdown=true} (a system property, unless already set), as in the seed
 *       job: SIGTERM lets the current micro-batch finish before the streaming context stops. Spark's own hook for
 *       this runs too late in a local run: Spark 3.5's {@code Executor} registers a shutdown hook at the default
 *       priority (100), which runs before the streaming context's (51) and stops the in-process executor, so the
 *       graceful stop then waits for tasks that can never run (the next batch's Kafka read) until Hadoop's 30 s hook
 *       timeouts give up. So a {@link GracefulStopHook} at priority 101 stops the active streaming context gracefully
 *       first, while the executor still runs; Spark's own hook then finds it stopped.
 *   <li>Spark UI history ({@code spark.ui.retainedJobs}, {@code spark.ui.retainedStages}, {@code
 *       spark.streaming.ui.retainedBatches}): 100 instead of 1000 each, unless set (system properties): see {@link
 *       #UI_RETENTION}.
 *   <li>{@code listeners} (SparkContextOptions): a {@link BatchLogListener} is added, which logs one line per
 *       completed micro-batch (input records, processing time, scheduling delay), and a {@link
 *       RememberBatchesListener}, which makes the streams remember {@code --sparkRememberSeconds} ({@link
 *       SparkRecoveryOptions}) of micro-batches, so that a checkpoint written late during a restart's re-run batches
 *       still holds the state of its own batch.
 *   <li>{@code checkpointDir}: a fresh directory per run under {@code java.io.tmpdir/ride-counts-spark/} (Beam's
 *       default is {@code /tmp/<jobName>}, also per run). A fresh directory matters: Beam starts a streaming job with
 *       {@code JavaStreamingContext.getOrCreate(checkpointDir, ...)}, so a directory left by an earlier run would
 *       restore that run's DStream graph, topics and offsets. A production job that must resume after a restart
 *       sets {@code --checkpointDir} to a stable path on a shared file system (HDFS/S3/GCS): see {@link
 *       RideCountsSparkJob}. Before the job restarts from an existing directory, {@link StaleCheckpoints} sets aside
 *       the newest checkpoint files that Spark could not restore faithfully (RDD checkpoints already deleted, or no
 *       state at the checkpoint's own batch time).
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
  public static final long DEFAULT_BATCH_INTERVAL_MILLIS = 2000;
  /** Spark master of a local run when the user gives none (the machines this project targets have 2 cores). */
  public static final String LOCAL_MASTER = "local[2]";

  /** The seed's graceful-shutdown setting; Spark reads it from system properties when it creates its configuration. */
  static final String STOP_GRACEFULLY = "spark.streaming.stopGracefullyOnShutdown";
  /**
   * How many jobs, stages and batches Spark's UI keeps (Spark's defaults: 1000 each). With a micro-batch every second
   * the UI history is what grows a long-running or catching-up job's heap most (BENCHMARKS.md: a 1M-event Spark
   * replay peaked at 652 MB heap with the UI, 336 MB without it).
   */
  static final Map<String, String> UI_RETENTION =
      Map.of(
          "spark.ui.retainedJobs", "100",
          "spark.ui.retainedStages", "100",
          "spark.streaming.ui.retainedBatches", "100");

  private static final AtomicBoolean GRACEFUL_STOP_HOOK = new AtomicBoolean();

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
    if (!given.contains("checkpointDurationMillis")) {
      // state checkpointed every micro-batch from the first one: see the class comment (restart before the first
      // state checkpoint loses the input read so far)
      spark.setCheckpointDurationMillis(spark.getBatchIntervalMillis());
    }
    if (!given.contains("sparkMaster") && System.getProperty("spark.master") == null) {
      spark.setSparkMaster(LOCAL_MASTER);
    }
    if (System.getProperty(STOP_GRACEFULLY) == null) {
      // read by Spark's StreamingContext shutdown hook: on SIGTERM, finish the current micro-batch, then stop
      System.setProperty(STOP_GRACEFULLY, "true");
    }
    UI_RETENTION.forEach(
        (key, value) -> {
          if (System.getProperty(key) == null) {
            System.setProperty(key, value); // SparkConf reads spark.* system properties
          }
        });
    if (GRACEFUL_STOP_HOOK.compareAndSet(false, true)) {
      org.apache.spark.util.ShutdownHookManager$.MODULE$.addShutdownHook(
          org.apache.spark.util.ShutdownHookManager$.MODULE$.DEFAULT_SHUTDOWN_PRIORITY() + 1, new GracefulStopHook());
    }
    List<JavaStreamingListener> listeners = options.as(SparkContextOptions.class).getListeners();
    if (listeners.stream().noneMatch(BatchLogListener.class::isInstance)) {
      listeners.add(new BatchLogListener());
    }
    if (listeners.stream().noneMatch(RememberBatchesListener.class::isInstance)) {
      long rememberSeconds = options.as(SparkRecoveryOptions.class).getSparkRememberSeconds();
      listeners.add(new RememberBatchesListener(rememberSeconds * 1000));
    }
    if (!given.contains("checkpointDir")) {
      spark.setCheckpointDir(
          Path.of(System.getProperty("java.io.tmpdir"), "ride-counts-spark", options.getJobName()).toString());
    }
    SparkConf sparkConf = new SparkConf(); // spark.* system properties, as the job's context will see them
    StaleCheckpoints.setAside(
        new CheckpointDir(spark.getCheckpointDir()).getSparkCheckpointDir(),
        SparkHadoopUtil.get().newConfiguration(sparkConf),
        sparkConf);
    LOG.info(
        "SparkRunner settings: master {}, {} ms batches, at most {} records per batch, checkpoints in {} every {} ms",
        System.getProperty("spark.master", spark.getSparkMaster()),
        spark.getBatchIntervalMillis(),
        spark.getMaxRecordsPerBatch(),
        spark.getCheckpointDir(),
        spark.getCheckpointDurationMillis());
  }

  /**
   * Stops the active streaming context on JVM shutdown, gracefully if {@value #STOP_GRACEFULLY} is set in its
   * configuration, before Spark's executor shutdown hook runs (see the class comment). Does nothing if no streaming
   * context is active or it has already stopped.
   */
  static final class GracefulStopHook extends AbstractFunction0<BoxedUnit> {
    @Override
    public BoxedUnit apply() {
      scala.Option<StreamingContext> active = StreamingContext.getActive();
      if (active.isDefined()) {
        StreamingContext context = active.get();
        boolean gracefully = context.conf().getBoolean(STOP_GRACEFULLY, false);
        LOG.info("JVM shutdown: stopping the streaming context{}", gracefully ? " gracefully" : "");
        context.stop(true, gracefully);
      }
      return BoxedUnit.UNIT;
    }
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
