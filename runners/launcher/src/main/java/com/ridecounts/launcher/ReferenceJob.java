package com.ridecounts.launcher;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A job that is not a Beam pipeline but that the launcher can run in place of {@code RideCountsPipeline}: the
 * reference port of the seed's Spark Structured Streaming query ({@code runners/reference}, {@code
 * --runner=SparkStructuredStreamingReference}), kept for the runner evaluation.
 *
 * <p>Implementations are found with {@link ServiceLoader} under {@code META-INF/services/com.ridecounts.launcher.
 * ReferenceJob}; {@code --runner=NAME} selects the one whose {@link #runnerName()} is NAME. The options are the
 * project's pipeline option names ({@code bootstrapServers}, {@code inputTopic}, ...) as plain strings, so a
 * reference job does not need Beam's {@code PipelineOptions}.
 */
public interface ReferenceJob {
  /** The {@code --runner} value that selects this job. */
  String runnerName();

  /** Starts the job in the background and returns a handle to watch and stop it. */
  Running start(Map<String, String> options) throws Exception;

  /** A running reference job: its progress so far, and stop. Thread-safe. */
  interface Running extends AutoCloseable {
    /** Input records processed so far (Spark: the sum of numInputRows of the completed micro-batches). */
    long inputRows();

    /** Completed micro-batches (triggers). */
    long batches();

    /** Rows the stateful operator dropped as behind the watermark (Spark: numRowsDroppedByWatermark, summed). */
    long rowsDroppedByWatermark();

    /** Output rows written (Spark: the state operator's numRowsUpdated, summed; in update mode one row per changed key). */
    long rowsUpdated();

    /** The largest event time seen so far, epoch ms, or {@link Long#MIN_VALUE} before the first event. */
    long maxEventTimeMillis();

    /** The event-time watermark for the next micro-batch, epoch ms, or {@link Long#MIN_VALUE} if there is none yet. */
    long watermarkMillis();

    /** False once the job has ended; {@link #failure()} says why if it failed. */
    boolean isActive();

    Optional<Throwable> failure();

    /** Blocks until the job ends (e.g. stopped by a shutdown hook). */
    void awaitTermination() throws Exception;

    /** Stops the job and releases its resources; idempotent. */
    @Override
    void close();
  }

  /** The reference job that {@code --runner=NAME} among {@code args} selects, if any is on the classpath. */
  static Optional<ReferenceJob> selectedBy(String[] args) {
    String runner = null;
    for (String arg : args) {
      if (arg.startsWith("--runner=")) {
        runner = arg.substring("--runner=".length());
      }
    }
    if (runner == null) {
      return Optional.empty();
    }
    for (ReferenceJob job : ServiceLoader.load(ReferenceJob.class)) {
      if (job.runnerName().equals(runner)) {
        return Optional.of(job);
      }
    }
    return Optional.empty();
  }

  /**
   * The {@code --name=value} (and bare {@code --flag}, as "true") options of {@code args}, later ones winning; {@code
   * --runner} is left out.
   */
  static Map<String, String> optionMap(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("not an option: " + arg + " (use --name=value)");
      }
      String[] nameValue = arg.substring(2).split("=", 2);
      if (!nameValue[0].equals("runner")) {
        options.put(nameValue[0], nameValue.length == 2 ? nameValue[1] : "true");
      }
    }
    return options;
  }
}
