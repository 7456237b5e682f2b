package com.ridecounts.spark;

import com.ridecounts.pipeline.RideCountsPipeline;
import com.ridecounts.pipeline.options.RideCountsOptions;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The ride-counts job on a Spark cluster: the main class of the bundled jar, for spark-submit.
 *
 * <pre>{@code
 * spark-submit --master spark://HOST:7077 --class com.ridecounts.spark.RideCountsSparkJob \
 *   --driver-java-options "<the --add-opens flags of the parent pom's jvm.add-opens>" \
 *   ride-counts-spark-<version>-bundled.jar \
 *   --bootstrapServers=broker:9092 --checkpointDir=hdfs:///ride-counts/checkpoints [pipeline options]
 * }</pre>
 *
 * <p>Arguments are pipeline options ({@code --help=RideCountsOptions}, plus Beam's SparkPipelineOptions); a leading
 * {@code run}, as in {@code ./ride-counts run}, is accepted. The runner defaults to the SparkRunner, and {@link
 * SparkRunnerDefaults} fills in the Spark settings the user did not give. On a cluster (a master that is not
 * {@code local}) {@code --checkpointDir} is required: the driver and the executors must share it, and it must stay
 * the same across restarts for the job to resume where it stopped.
 *
 * <p>Only this job runs from the bundle: the launcher's demo and replay commands need the embedded Kafka broker, whose
 * jars (kafka_2.12, kafka-server, ...) are deliberately left out of it.
 */
public final class RideCountsSparkJob {
  private RideCountsSparkJob() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("run")) {
      args = Arrays.copyOfRange(args, 1, args.length);
    }
    RideCountsOptions options = parse(args);
    PipelineResult result = RideCountsPipeline.run(options);
    // No shutdown hook of our own: Spark's StreamingContext registers one that stops the job on SIGTERM (gracefully
    // with --conf spark.streaming.stopGracefullyOnShutdown=true). A second hook calling result.cancel() (a graceful
    // StreamingContext.stop) deadlocks against it: seen with spark-submit, the JVM hung after SIGTERM.
    result.waitUntilFinish();
  }

  /** Parses {@code args}, defaults the runner to the SparkRunner and applies {@link SparkRunnerDefaults}. */
  static RideCountsOptions parse(String[] args) {
    PipelineOptionsFactory.register(RideCountsOptions.class);
    PipelineOptionsFactory.register(SparkPipelineOptions.class);
    if (Arrays.stream(args).noneMatch(a -> a.startsWith("--runner="))) {
      // before parsing: Beam's default runner is the DirectRunner, which the bundle does not contain
      args = Stream.concat(Stream.of("--runner=" + SparkRunner.class.getSimpleName()), Arrays.stream(args))
          .toArray(String[]::new);
    }
    RideCountsOptions options = PipelineOptionsFactory.fromArgs(args).withValidation().as(RideCountsOptions.class);
    boolean checkpointDirGiven = SparkRunnerDefaults.explicitlySet(options).contains("checkpointDir");
    SparkRunnerDefaults.apply(options);
    String master = System.getProperty("spark.master", options.as(SparkPipelineOptions.class).getSparkMaster());
    if (SparkRunnerDefaults.isSparkRunner(options) && !master.startsWith("local") && !checkpointDirGiven) {
      throw new IllegalArgumentException(
          "--checkpointDir is required on a Spark cluster (master " + master + "): a directory on a file system the"
              + " driver and all executors share (e.g. hdfs:///ride-counts/checkpoints), the same on every restart");
    }
    return options;
  }
}
