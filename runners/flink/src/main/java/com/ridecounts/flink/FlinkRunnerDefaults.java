package com.ridecounts.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.runners.flink.LiveMetricsFlinkRunner;
import org.apache.beam.sdk.harness.JvmInitializer;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ride-counts defaults for Beam's classic FlinkRunner, applied to parsed options before the pipeline runs. Only
 * options the user did not set are touched, and nothing happens unless {@code --runner} is the FlinkRunner.
 *
 * <ul>
 *   <li>{@code checkpointingInterval}: {@value #DEFAULT_CHECKPOINTING_INTERVAL_MILLIS} ms (Beam's default is -1,
 *       no checkpointing). The job needs checkpoints: its exactly-once Kafka sinks ({@code SinkGuarantee} resolves
 *       {@code AUTO} to {@code EXACTLY_ONCE} on Flink) use {@code @RequiresStableInput}, which the FlinkRunner
 *       implements by buffering a sink's input until the next checkpoint completes and writing it after that, in a
 *       Kafka transaction. So <b>output latency follows the checkpoint interval</b>: a pane reaches
 *       {@code read_committed} consumers up to one interval (plus the checkpoint's own duration) after the trigger
 *       fired. Without checkpointing Beam refuses to start the job ("No checkpointing configured but pipeline uses
 *       {@literal @}RequiresStableInput"). Input offsets are committed to Kafka on the same checkpoints. The interval
 *       does not set the sinks' cost: on Flink they commit one transaction per output record, whatever the interval
 *       (BENCHMARKS.md, "FlinkRunner: where the time went": 474 events/s on 100,000 events, 1,363 after {@code
 *       WriteToKafka} shortened the transactional retry backoff). {@code objectReuse} and {@code fasterCopy} stay
 *       off: with both on, the same replay took 80.2 s (load 23) against 72.6-73.4 s without (load 8), no gain shown.
 *   <li>{@code checkpointingMode}: {@code EXACTLY_ONCE} (also Beam's default; the stable-input buffering requires
 *       it).
 *   <li>{@code attachedMode}: {@code false}, so {@code run()} submits the job and returns a result that can be
 *       watched and cancelled (in attached mode {@code run()} blocks until the streaming job ends).
 *   <li>{@code autoWatermarkInterval}: {@value #DEFAULT_AUTO_WATERMARK_INTERVAL_MILLIS} ms, Flink's default.
 *   <li>{@code parallelism}, on the embedded Flink: {@link #localParallelism()} (the number of cores, at most
 *       {@value #MAX_LOCAL_PARALLELISM}). On a cluster the cluster's {@code parallelism.default} applies.
 *   <li>State backend, on the embedded Flink: {@code stateBackend=filesystem} (heap state, checkpoints written to
 *       files) with {@code stateBackendStoragePath} a fresh directory per run under {@code
 *       java.io.tmpdir/ride-counts-flink/<jobName>/checkpoints}. On a cluster the cluster's configuration ({@code
 *       state.backend.type}, {@code state.checkpoints.dir}) applies unless {@code --stateBackend} and {@code
 *       --stateBackendStoragePath} (a path all task managers share, e.g. {@code s3://...} or {@code hdfs://...})
 *       are given.
 *   <li>Resuming after a restart or a kill, on the embedded Flink: give a stable {@code --stateBackendStoragePath}
 *       (a path or a {@code file:} URI). Then the checkpoints are externalized and retained on cancellation, and
 *       unless {@code --savepointPath} is given, the job restores from the newest completed checkpoint found there
 *       ({@link CompletedCheckpoints}), logging "resuming from checkpoint ...". The restore point reaches the
 *       embedded Flink through its configuration ({@value #SAVEPOINT_PATH_KEY}), as does a {@code --savepointPath}
 *       given by the user. Spark's {@code --checkpointDir} cannot be reused for this: Beam requires an option
 *       declared by two interfaces to carry the same {@code @Default}, and Spark's has a factory of the Spark
 *       runner, so a second declaration would fail on a classpath that has both runners. The exactly-once sinks
 *       resume with their state when {@code --sinkGroupId} and {@code --eosShards} stay the same.
 *   <li>Restarts, on the embedded Flink: a failed job restarts from its newest checkpoint after {@value
 *       #RESTART_DELAY_SECONDS} s, as often as needed ({@link #RESTART_DELAY_SECONDS} says why), unless the Flink
 *       configuration of {@code FLINK_CONF_DIR} sets a restart strategy.
 *   <li>Live metrics: the runner becomes {@link LiveMetricsFlinkRunner}, the FlinkRunner with a result whose {@code
 *       metrics()} has live values while the job runs (Beam's FlinkRunner result reports Beam metrics only once the
 *       job has ended, which a streaming job does not). On the embedded Flink they come from the {@link
 *       LiveMetricsReporter}, which a generated Flink configuration directory enables unless {@code --flinkConfDir}
 *       is given (it includes whatever {@code FLINK_CONF_DIR} configures); on a cluster from its REST API.
 * </ul>
 *
 * <p>It is also a Beam {@link JvmInitializer} (registered in META-INF/services), so a launcher applies it, and the
 * defaults of any other runner module, without knowing the runner: {@code
 * org.apache.beam.sdk.fn.JvmInitializers.runBeforeProcessing(options)} after parsing the options. The classic
 * FlinkRunner does not call JvmInitializers itself.
 */
public final class FlinkRunnerDefaults implements JvmInitializer {
  private static final Logger LOG = LoggerFactory.getLogger(FlinkRunnerDefaults.class);

  /** Checkpoint interval when the user gives none; the exactly-once sinks commit once per checkpoint. */
  public static final long DEFAULT_CHECKPOINTING_INTERVAL_MILLIS = 5_000;
  /**
   * How often the sources emit their watermark: Flink's own default, set explicitly so that Beam's source reader does
   * not warn that it is unset.
   */
  public static final long DEFAULT_AUTO_WATERMARK_INTERVAL_MILLIS = 200;
  /** Upper bound of the default parallelism of the embedded Flink (this project's machines have 2 cores). */
  public static final int MAX_LOCAL_PARALLELISM = 2;

  /**
   * Seconds the embedded Flink waits before it restarts a failed job from its newest checkpoint (fixed delay, no
   * limit on attempts), unless the user's Flink configuration sets {@value #RESTART_STRATEGY_KEY}. Beam 2.70's
   * exactly-once Kafka sink caches its producer per JVM and takes the cached one again after a failure, even when that
   * producer is in an error state (its check for unrecoverable errors never matches: it calls the producer by
   * reflection and so sees only {@code InvocationTargetException}); the cache drops a producer after 60 s without use,
   * checked every 10 s. With Flink's default (exponential delay from 1 s) every restart within that time fails again on
   * the old error: after an ACL denying WRITE on the counts topic was removed, the job kept failing with the
   * TopicAuthorizationException for minutes ({@code OutputTopicDeniedIT}). 75 s lets the cache drop it first.
   */
  public static final int RESTART_DELAY_SECONDS = 75;

  /** The Flink configuration key of the restart strategy. */
  static final String RESTART_STRATEGY_KEY = "restart-strategy.type";

  /** The Flink configuration key of the checkpoint or savepoint a job is restored from. */
  static final String SAVEPOINT_PATH_KEY = "execution.savepoint.path";

  private static final Set<String> FLINK_RUNNERS = Set.of("FlinkRunner", "TestFlinkRunner", "LiveMetricsFlinkRunner");

  @Override
  public void beforeProcessing(PipelineOptions options) {
    apply(options);
  }

  /** Whether {@code options} select the classic FlinkRunner (or this module's {@link LiveMetricsFlinkRunner}). */
  public static boolean isFlinkRunner(PipelineOptions options) {
    return FLINK_RUNNERS.contains(options.getRunner().getSimpleName());
  }

  /** The default parallelism of the embedded Flink: one slot per core, at most {@value #MAX_LOCAL_PARALLELISM}. */
  public static int localParallelism() {
    return Math.max(1, Math.min(MAX_LOCAL_PARALLELISM, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * Fills in the Flink options the user did not set (see the class comment); does nothing for other runners. Call it
   * after parsing and before {@code Pipeline.create}/{@code run}. Idempotent.
   */
  public static void apply(PipelineOptions options) {
    if (!isFlinkRunner(options)) {
      return;
    }
    Set<String> given = explicitlySet(options);
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    boolean embedded = isEmbedded(flink.getFlinkMaster());

    if (!given.contains("checkpointingInterval")) {
      flink.setCheckpointingInterval(DEFAULT_CHECKPOINTING_INTERVAL_MILLIS);
    }
    if (!given.contains("checkpointingMode")) {
      flink.setCheckpointingMode("EXACTLY_ONCE");
    }
    if (!given.contains("attachedMode")) {
      flink.setAttachedMode(false);
    }
    if (!given.contains("autoWatermarkInterval")) {
      flink.setAutoWatermarkInterval(DEFAULT_AUTO_WATERMARK_INTERVAL_MILLIS);
    }
    Path runDir = Path.of(System.getProperty("java.io.tmpdir"), "ride-counts-flink", options.getJobName());
    if (embedded) {
      if (!given.contains("parallelism")) {
        flink.setParallelism(localParallelism());
      }
      if (!given.contains("stateBackend") && !given.contains("stateBackendFactory")) {
        flink.setStateBackend("filesystem");
      }
      String freshStorage = runDir.resolve("checkpoints").toUri().toString();
      boolean stableStorage =
          given.contains("stateBackendStoragePath") && !freshStorage.equals(flink.getStateBackendStoragePath());
      if (flink.getStateBackend() != null && !stableStorage) {
        flink.setStateBackendStoragePath(freshStorage);
      }
      String restorePath = given.contains("savepointPath") ? flink.getSavepointPath() : null;
      if (stableStorage) {
        keepCheckpoints(flink, given);
        if (restorePath == null) {
          restorePath = latestCheckpoint(flink.getStateBackendStoragePath());
          flink.setSavepointPath(restorePath);
        }
      }
      if (!given.contains("flinkConfDir")) {
        flink.setFlinkConfDir(writeConfDir(runDir.resolve("conf"), restorePath).toString());
      } else if (restorePath != null) {
        LOG.warn(
            "--flinkConfDir is given: the embedded Flink restores from {} only if that configuration sets {} to it",
            restorePath, SAVEPOINT_PATH_KEY);
      }
    }
    if (options.getRunner() == FlinkRunner.class) {
      options.setRunner(LiveMetricsFlinkRunner.class);
    }
    LOG.info(
        "FlinkRunner settings: {} Flink{}, parallelism {}, checkpoints every {} ms ({}; the exactly-once sinks commit"
            + " on each){}, {} submission",
        embedded ? "embedded" : "cluster",
        embedded ? "" : " at " + flink.getFlinkMaster(),
        flink.getParallelism() > 0 ? flink.getParallelism() : "from the cluster",
        flink.getCheckpointingInterval(),
        flink.getCheckpointingMode(),
        flink.getStateBackend() == null
            ? ""
            : ", state backend " + flink.getStateBackend() + " in " + flink.getStateBackendStoragePath(),
        flink.getAttachedMode() ? "attached" : "detached");
  }

  /**
   * Whether {@code flinkMaster} means a Flink inside this JVM: {@code [local]}, or {@code [auto]} (Beam's default)
   * outside a Flink client ({@code flink run} sets a context environment that is not local).
   */
  public static boolean isEmbedded(String flinkMaster) {
    String master = flinkMaster == null ? "[auto]" : flinkMaster.trim();
    if (master.equals("[local]") || master.equals("[collection]")) {
      return true;
    }
    if (master.equals("[auto]")) {
      return StreamExecutionEnvironment.getExecutionEnvironment() instanceof LocalStreamEnvironment;
    }
    return false;
  }

  /**
   * Makes the checkpoints of a job outlive it: externalized and retained when the job is cancelled (a SIGTERM cancels
   * it), unless the user set these. A SIGKILL leaves them anyway (nothing runs to delete them), but without retention
   * a cancelled job deletes its own checkpoints, and the next start would begin from scratch.
   */
  private static void keepCheckpoints(FlinkPipelineOptions flink, Set<String> given) {
    if (!given.contains("externalizedCheckpointsEnabled")) {
      flink.setExternalizedCheckpointsEnabled(true);
    }
    if (!given.contains("retainExternalizedCheckpointsOnCancellation")) {
      flink.setRetainExternalizedCheckpointsOnCancellation(true);
    }
  }

  /** The newest completed checkpoint under {@code storagePath} as a {@code file:} URI, or null if there is none. */
  private static String latestCheckpoint(String storagePath) {
    Optional<Path> local = CompletedCheckpoints.localDirectory(storagePath);
    if (local.isEmpty()) {
      LOG.warn(
          "checkpoints in {} are not on the local file system: not searched; resume with --savepointPath",
          storagePath);
      return null;
    }
    Optional<CompletedCheckpoints.Checkpoint> latest = CompletedCheckpoints.latest(local.get());
    if (latest.isEmpty()) {
      LOG.info("no completed checkpoint in {}: starting from scratch", storagePath);
      return null;
    }
    String path = latest.get().directory().toUri().toString();
    LOG.info("resuming from checkpoint {} (completed {})", path, latest.get().completed());
    return path;
  }

  /**
   * Writes the Flink configuration of an embedded run into {@code dir}: the configuration of {@code FLINK_CONF_DIR}
   * if that is set, plus the {@link LiveMetricsReporter}, plus {@value #SAVEPOINT_PATH_KEY} when {@code restorePath}
   * is not null (Beam 2.70 passes {@code --savepointPath} only to a remote Flink; the embedded one reads it from its
   * configuration).
   */
  private static Path writeConfDir(Path dir, String restorePath) {
    try {
      Files.createDirectories(dir);
      StringBuilder config = new StringBuilder();
      String fileName = "config.yaml";
      String userConfDir = System.getenv("FLINK_CONF_DIR");
      if (userConfDir != null && !userConfDir.isBlank()) {
        for (String name : new String[] {"config.yaml", "flink-conf.yaml"}) {
          Path file = Path.of(userConfDir, name);
          if (Files.isRegularFile(file)) {
            config.append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
            fileName = name;
            break;
          }
        }
      }
      if (!config.toString().contains(RESTART_STRATEGY_KEY)) {
        config
            .append("# added by ride-counts: restart a failed job after the exactly-once sinks' cached producers\n")
            .append("# expired (see FlinkRunnerDefaults.RESTART_DELAY_SECONDS)\n")
            .append(RESTART_STRATEGY_KEY)
            .append(": fixed-delay\n")
            .append("restart-strategy.fixed-delay.attempts: ")
            .append(Integer.MAX_VALUE)
            .append('\n')
            .append("restart-strategy.fixed-delay.delay: ")
            .append(RESTART_DELAY_SECONDS)
            .append(" s\n");
      }
      config
          .append("# added by ride-counts (com.ridecounts.flink.FlinkRunnerDefaults): live Beam counters\n")
          .append("metrics.reporter.")
          .append(LiveMetricsReporter.REPORTER_NAME)
          .append(".factory.class: ")
          .append(LiveMetricsReporter.Factory.class.getName())
          .append('\n');
      if (restorePath != null) {
        config
            .append("# added by ride-counts: restore the job from this checkpoint or savepoint\n")
            .append(SAVEPOINT_PATH_KEY)
            .append(": '")
            .append(restorePath.replace("'", "''"))
            .append("'\n");
      }
      Files.writeString(dir.resolve(fileName), config, StandardCharsets.UTF_8);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the Flink configuration in " + dir, e);
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
