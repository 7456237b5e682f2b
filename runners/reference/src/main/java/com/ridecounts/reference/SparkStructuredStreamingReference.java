package com.ridecounts.reference;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.window;

import com.ridecounts.launcher.ReferenceJob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REFERENCE IMPLEMENTATION (runner evaluation), not the production job: the seed article's Spark Structured Streaming
 * query, ported line by line from PySpark to Java. Kafka in, {@code from_json} with the seed's explicit schema,
 * {@code withWatermark("event_time", "10 minutes")}, {@code groupBy(window(event_time, "1 minute", "30 seconds"),
 * event_type).count()}, Kafka out with key {@code event_type} and value {@code to_json(struct(*))}, update mode,
 * 30 s processing-time trigger. It deliberately keeps the seed's behaviour where the Beam job differs:
 *
 * <ul>
 *   <li><b>No validation, no dead-letter topic.</b> {@code from_json} (PERMISSIVE) turns a value it cannot parse
 *       into a row of nulls; its {@code nullable = false} fields are not enforced (Spark makes the schema nullable).
 *       A row whose {@code ts} is null has a null {@code event_time}; the sliding-window expansion filters it out
 *       ({@code event_time IS NOT NULL AND start <= event_time < end}), so it is silently not counted. A parsable
 *       object with a usable {@code ts} is counted whatever its other fields are (empty or numeric ids, ...).
 *   <li><b>Watermark per query, per micro-batch.</b> After each micro-batch Spark sets the watermark to max(event_time
 *       over all partitions) - delay. Rows of the next micro-batch are aggregated first and the aggregated (window,
 *       event type) rows whose {@code window.end <= watermark} are dropped (numRowsDroppedByWatermark): lateness is
 *       judged per window, against the watermark of the previous micro-batch, never within one micro-batch.
 *   <li><b>No final result.</b> update mode writes the full count of every (window, event type) that changed in a
 *       micro-batch; nothing marks the last one. State is evicted silently when the watermark passes the window end.
 * </ul>
 */
public final class SparkStructuredStreamingReference implements ReferenceJob {
  private static final Logger LOG = LoggerFactory.getLogger(SparkStructuredStreamingReference.class);
  public static final String RUNNER_NAME = "SparkStructuredStreamingReference";

  /** The seed's event_schema, field for field. */
  static final StructType EVENT_SCHEMA =
      new StructType()
          .add("event_id", DataTypes.StringType, false)
          .add("user_id", DataTypes.StringType, false)
          .add("event_type", DataTypes.StringType, true)
          .add("amount", DataTypes.DoubleType, true)
          .add("ts", DataTypes.LongType, false); // epoch ms

  @Override
  public String runnerName() {
    return RUNNER_NAME;
  }

  @Override
  public Running start(Map<String, String> options) throws Exception {
    ReferenceOptions o = new ReferenceOptions(options);
    if (!o.ignored.isEmpty()) {
      LOG.warn("{} ignores the Beam job's options {}: the seed's query has no counterpart", RUNNER_NAME, o.ignored);
    }
    Path tempCheckpoint = null;
    String checkpoint = o.checkpointDir;
    if (checkpoint.isEmpty()) {
      tempCheckpoint = Files.createTempDirectory("ride-counts-reference-ckpt");
      checkpoint = tempCheckpoint.toUri().toString();
    }
    SparkSession spark =
        SparkSession.builder()
            .appName("ride-counts-reference")
            .master(o.sparkMaster)
            // The seed sets 64; Spark's default is 200. Shuffle tasks per micro-batch = this number, so on a small
            // machine it is the main cost of a micro-batch (BUILD-FACTS: 200 → ~17k events/s, 2 → ~80k on 2 cores).
            // Note: a query restarted from a checkpoint keeps the value it was first started with.
            .config("spark.sql.shuffle.partitions", String.valueOf(o.shufflePartitions))
            // Faithful to the seed, but a DStreams (StreamingContext) setting: Structured Streaming does not read it.
            // A graceful stop here is query.stop() between micro-batches, see ReferenceRun#close.
            .config("spark.streaming.stopGracefullyOnShutdown", "true")
            // to_json writes the window's timestamps in the session time zone: UTC gives ...000Z like the Beam job.
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      Map<String, String> kafkaClient = kafkaProperties(o.kafkaPropertiesFile);

      DataStreamReader reader =
          spark
              .readStream()
              .format("kafka")
              .option("kafka.bootstrap.servers", o.bootstrapServers)
              .option("subscribe", o.inputTopic)
              .option("startingOffsets", o.startingOffsets)
              .option("maxOffsetsPerTrigger", o.maxOffsetsPerTrigger) // back-pressure knob
              .option("kafka.group.id", o.consumerGroupId)
              .options(kafkaClient);
      Dataset<Row> raw = reader.load();

      Dataset<Row> events =
          raw.selectExpr("CAST(value AS STRING) AS json_str", "timestamp AS kafka_ts")
              .select(from_json(col("json_str"), EVENT_SCHEMA).alias("e"), col("kafka_ts"))
              .select("e.*", "kafka_ts")
              .withColumn("event_time", col("ts").divide(1000).cast("timestamp"));

      Dataset<Row> windowedCounts =
          events
              .withWatermark("event_time", o.watermarkDelaySeconds + " seconds")
              .groupBy(
                  window(col("event_time"), o.windowSizeSeconds + " seconds", o.windowPeriodSeconds + " seconds"),
                  col("event_type"))
              .agg(count("*").alias("event_count"));

      DataStreamWriter<Row> writer =
          windowedCounts
              .selectExpr("CAST(event_type AS STRING) AS key", "to_json(struct(*)) AS value")
              .writeStream()
              .format("kafka")
              .option("kafka.bootstrap.servers", o.bootstrapServers)
              .option("topic", o.outputTopic)
              .option("checkpointLocation", checkpoint)
              .options(kafkaClient)
              .outputMode(o.outputMode)
              .trigger(Trigger.ProcessingTime(o.triggerIntervalSeconds * 1000));

      ReferenceRun run = new ReferenceRun(spark, o.watermarkDelaySeconds * 1000, tempCheckpoint);
      spark.streams().addListener(run.listener);
      run.query = writer.queryName("ride-counts-reference").start();
      LOG.info(
          "{} started: {} -> {}, watermark {} s, windows {} s every {} s, {} mode, trigger {} s, {} shuffle partitions,"
              + " checkpoint {}",
          RUNNER_NAME, o.inputTopic, o.outputTopic, o.watermarkDelaySeconds, o.windowSizeSeconds,
          o.windowPeriodSeconds, o.outputMode, o.triggerIntervalSeconds, o.shufflePartitions, checkpoint);
      return run;
    } catch (Exception | Error e) {
      spark.stop();
      throw e;
    }
  }

  /** kafkaPropertiesFile, prefixed with {@code kafka.} as the Kafka source and sink want client settings. */
  private static Map<String, String> kafkaProperties(String file) throws IOException {
    Map<String, String> out = new java.util.HashMap<>();
    if (file.isEmpty()) {
      return out;
    }
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      props.load(in);
    }
    props.stringPropertyNames().forEach(name -> out.put("kafka." + name, props.getProperty(name)));
    return out;
  }

  /** A started query, its progress summed from the query listener. */
  static final class ReferenceRun implements Running {
    private final SparkSession spark;
    private final long delayMillis;
    private final Path tempCheckpoint;
    volatile StreamingQuery query;
    private final AtomicLong inputRows = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong updated = new AtomicLong();
    private final AtomicLong maxEventTime = new AtomicLong(Long.MIN_VALUE);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private boolean closed;

    final StreamingQueryListener listener =
        new StreamingQueryListener() {
          @Override
          public void onQueryStarted(QueryStartedEvent event) {}

          @Override
          public void onQueryProgress(QueryProgressEvent event) {
            StreamingQueryProgress p = event.progress();
            if (query == null || !p.id().equals(query.id())) {
              return;
            }
            // Order matters to readers: rows last, so a reader that sees all rows sees this batch's other figures.
            batches.incrementAndGet();
            for (StateOperatorProgress state : p.stateOperators()) {
              dropped.addAndGet(state.numRowsDroppedByWatermark());
              updated.addAndGet(state.numRowsUpdated());
            }
            String max = p.eventTime().get("max");
            if (max != null) {
              maxEventTime.accumulateAndGet(Instant.parse(max).toEpochMilli(), Math::max);
            }
            inputRows.addAndGet(p.numInputRows());
            if (p.numInputRows() > 0) {
              LOG.info(
                  "batch {}: {} input rows, watermark {}, event time max {}",
                  p.batchId(), p.numInputRows(), p.eventTime().get("watermark"), max);
            }
          }

          @Override
          public void onQueryTerminated(QueryTerminatedEvent event) {
            if (event.exception().isDefined()) {
              failure.compareAndSet(null, new IllegalStateException(event.exception().get()));
            }
          }
        };

    ReferenceRun(SparkSession spark, long delayMillis, Path tempCheckpoint) {
      this.spark = spark;
      this.delayMillis = delayMillis;
      this.tempCheckpoint = tempCheckpoint;
    }

    @Override
    public long inputRows() {
      return inputRows.get();
    }

    @Override
    public long batches() {
      return batches.get();
    }

    @Override
    public long rowsDroppedByWatermark() {
      return dropped.get();
    }

    @Override
    public long rowsUpdated() {
      return updated.get();
    }

    @Override
    public long maxEventTimeMillis() {
      return maxEventTime.get();
    }

    @Override
    public long watermarkMillis() {
      long max = maxEventTime.get();
      return max == Long.MIN_VALUE ? Long.MIN_VALUE : Math.max(0, max - delayMillis);
    }

    @Override
    public boolean isActive() {
      return query.isActive();
    }

    @Override
    public Optional<Throwable> failure() {
      if (failure.get() == null && query.exception().isDefined()) {
        failure.compareAndSet(null, query.exception().get());
      }
      return Optional.ofNullable(failure.get());
    }

    @Override
    public void awaitTermination() throws Exception {
      query.awaitTermination();
    }

    /**
     * Stops the query, preferably between micro-batches (waits up to 60 s for the running trigger to finish: the
     * graceful stop the seed expected from stopGracefullyOnShutdown), then the Spark session.
     */
    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (query.isActive() && query.status().isTriggerActive() && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        query.stop();
      } catch (TimeoutException e) {
        LOG.warn("the query did not stop in time", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        spark.streams().removeListener(listener);
        spark.stop();
        deleteQuietly(tempCheckpoint);
      }
    }

    private static void deleteQuietly(Path dir) {
      if (dir == null) {
        return;
      }
      try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | RuntimeException e) {
        LOG.debug("could not delete {}", dir, e);
      }
    }
  }
}
