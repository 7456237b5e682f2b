package com.ridecounts.spark;

import java.util.Map;
import org.apache.spark.rdd.RDD;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.streaming.DStreamGraph;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.StreamingContext;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaStreamingListener;
import org.apache.spark.streaming.api.java.JavaStreamingListenerBatchCompleted;
import org.apache.spark.streaming.api.java.JavaStreamingListenerBatchSubmitted;
import org.apache.spark.streaming.dstream.DStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;

/**
 * Makes every DStream of the started streaming context remember the RDDs of the last {@code rememberMillis} of
 * batches, as Spark's {@code StreamingContext.remember} would before the start (Beam's SparkRunner creates and starts
 * the context itself, so the setting is applied to the started graph, as {@code DStreamGraph.start} does), while
 * their cached data is still released after {@value #CACHED_BATCHES} batch intervals, as without it.
 *
 * <p>Why: a DStream forgets its RDDs older than its remember duration when a batch completes ({@code
 * DStream.clearMetadata}), and a checkpoint of batch time T lists only the state RDD checkpoints still remembered.
 * Spark's default for a stream checkpointed every batch is two batch intervals. After a restart from a checkpoint,
 * Spark generates every batch of the down time at once while they run, and the completions of several re-run batches
 * can be handled before the checkpoint of an earlier one ({@code JobGenerator}'s event loop posts each checkpoint
 * behind the completions already queued). That checkpoint then names batch time T but no state RDD at or before T. A
 * job restored from it recomputes the state from the job's first batch: Beam's Kafka source reads the topic again
 * from its start, in micro-batches cut differently from the first run, while the later restored state belongs to the
 * first run, and the two histories' panes mix in the output (seen once in {@code RepeatedKillIT}: a final pane one
 * event short). Remembering longer than that lag keeps the checkpoint's own state RDDs in it, so the restart replays
 * from them exactly. {@link StaleCheckpoints#recomputesFromFirstBatch} recognises a checkpoint that still lacks them.
 *
 * <p>Cost: the checkpoint files of the remembered batches stay on disk (the source's hold the records each batch
 * read). Their cached blocks do not stay in memory: after each completed batch, the cached RDDs older than {@value
 * #CACHED_BATCHES} batch intervals are unpersisted, which is when Spark would have unpersisted them with its default
 * remember duration (unless {@code spark.streaming.unpersist} is false).
 *
 * <p>The graph is serialized into every checkpoint with its remember durations, so a restart uses the setting from
 * its first batch on, unless it restores a checkpoint written before the setting was first applied; this listener
 * applies it again on every start.
 */
public final class RememberBatchesListener extends JavaStreamingListener {
  private static final Logger LOG = LoggerFactory.getLogger(RememberBatchesListener.class);

  /** Batch intervals a batch's RDDs stay cached: Spark's remember duration for a stream checkpointed every batch. */
  static final int CACHED_BATCHES = 2;

  private final long rememberMillis;
  private volatile StreamingContext context;

  public RememberBatchesListener(long rememberMillis) {
    this.rememberMillis = rememberMillis;
  }

  /**
   * Applies the setting at the first batch submitted. Spark does not deliver {@code onStreamingStarted} to a context
   * restored from a checkpoint (seen with Spark 3.5.7), while batch events come in both cases; {@code
   * StreamingContext.getActive} waits until the context's start has finished.
   */
  @Override
  public void onBatchSubmitted(JavaStreamingListenerBatchSubmitted submitted) {
    if (context == null) {
      scala.Option<StreamingContext> active = StreamingContext.getActive();
      if (active.isDefined()) {
        context = active.get();
        remember(context.graph(), rememberMillis);
      }
    }
  }

  @Override
  public void onBatchCompleted(JavaStreamingListenerBatchCompleted completed) {
    StreamingContext started = context;
    if (started != null && started.conf().getBoolean("spark.streaming.unpersist", true)) {
      DStreamGraph graph = started.graph();
      long cachedMillis = CACHED_BATCHES * graph.batchDuration().milliseconds();
      unpersistBefore(graph, new Time(completed.batchInfo().batchTime().milliseconds() - cachedMillis));
    }
  }

  /**
   * Makes every DStream of {@code graph} remember at least {@code rememberMillis} of batches (a stream that already
   * remembers longer keeps its duration). Under the graph's lock, as Spark's own graph operations.
   */
  static void remember(DStreamGraph graph, long rememberMillis) {
    Duration remember = new Duration(rememberMillis);
    synchronized (graph) {
      for (DStream<?> output : graph.getOutputStreams()) {
        output.remember(remember); // raises the stream's duration and, through it, its parents'
      }
    }
    LOG.info("Spark streams remember {} s of micro-batches (their RDDs and state checkpoints)", rememberMillis / 1000);
  }

  /** Unpersists the cached RDDs that the streams of {@code graph} generated for batch times up to {@code cutoff}. */
  static void unpersistBefore(DStreamGraph graph, Time cutoff) {
    synchronized (graph) {
      for (DStream<?> stream : DStreams.of(graph)) {
        for (Map.Entry<Time, ? extends RDD<?>> generated :
            JavaConverters.mapAsJavaMap(stream.generatedRDDs()).entrySet()) {
          RDD<?> rdd = generated.getValue();
          if (generated.getKey().lessEq(cutoff) && !rdd.getStorageLevel().equals(StorageLevel.NONE())) {
            rdd.unpersist(false);
          }
        }
      }
    }
  }
}
