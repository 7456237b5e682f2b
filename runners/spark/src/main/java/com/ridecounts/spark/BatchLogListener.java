package com.ridecounts.spark;

import java.time.Instant;
import org.apache.spark.streaming.api.java.JavaBatchInfo;
import org.apache.spark.streaming.api.java.JavaStreamingListener;
import org.apache.spark.streaming.api.java.JavaStreamingListenerBatchCompleted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per completed Spark micro-batch, the job's operations log:
 *
 * <pre>{@code
 * Batch 2026-11-25T10:15:03Z completed: 500 input records, processing 812 ms, scheduling delay 3 ms
 * }</pre>
 *
 * The input records are what Beam's source DStream reports to Spark's input info tracker for the batch (the records
 * its Kafka read returned), so they show the back-pressure bound ({@code --maxOffsetsPerTrigger}) at work, and a
 * growing scheduling delay shows a job falling behind. {@link SparkRunnerDefaults} registers it through Beam's {@code
 * SparkContextOptions.listeners}; the SparkRunner adds those listeners to the streaming context on every start,
 * restarts from a checkpoint included.
 */
public final class BatchLogListener extends JavaStreamingListener {
  private static final Logger LOG = LoggerFactory.getLogger(BatchLogListener.class);

  @Override
  public void onBatchCompleted(JavaStreamingListenerBatchCompleted batchCompleted) {
    LOG.info(line(batchCompleted.batchInfo()));
  }

  /** The log line for one completed batch; a delay Spark does not know is logged as -1. */
  static String line(JavaBatchInfo batch) {
    return String.format(
        "Batch %s completed: %d input records, processing %d ms, scheduling delay %d ms",
        Instant.ofEpochMilli(batch.batchTime().milliseconds()),
        batch.numRecords(),
        batch.processingDelay(),
        batch.schedulingDelay());
  }
}
