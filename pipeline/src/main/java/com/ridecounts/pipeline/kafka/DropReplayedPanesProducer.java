package com.ridecounts.pipeline.kafka;

import com.ridecounts.model.WindowCount;
import com.ridecounts.model.WindowCountJson;
import com.ridecounts.transforms.FormatLatestCounts;
import com.ridecounts.transforms.RideCountsMetrics;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The at-least-once pane sink's guard against replays: a producer that writes a pane only if it moves its (window,
 * event type) forward on the topic ({@link WrittenPanes}), and re-indexes it after the last pane written.
 *
 * <p>Why: on the SparkRunner the sink is at-least-once, and after a restart from the checkpoint Spark runs the
 * micro-batches since that checkpoint again. Its Kafka reads are bounded by time, so a re-run batch can read other
 * records than the first time and fire a key's panes under other indexes and counts: {@code RepeatedKillIT} saw the
 * same pane index with another count, a count going down by pane index, and panes after a final one, while the final
 * counts stayed exact. With this guard the topic shows, per key, strictly rising counts and indexes and nothing after
 * the final pane, also across restarts: what the topic already holds is read back when the first producer for it
 * starts in the JVM ({@link WrittenPanesReader}, the last {@code tail} of writes, which covers what a restart
 * replays), and every pane the broker acknowledges is added.
 *
 * <p>Per JVM: on a cluster, a task retried on another executor can still write a pane twice (same index and count).
 * Values that are not panes are written unchanged.
 */
final class DropReplayedPanesProducer<K> extends ForwardingProducer<K, String> {
  private static final Logger LOG = LoggerFactory.getLogger(DropReplayedPanesProducer.class);
  /** The panes written per (bootstrap servers, topic), shared by the producers of this JVM. */
  private static final Map<String, WrittenPanes> WRITTEN = new ConcurrentHashMap<>();
  private final WrittenPanes written;
  private boolean droppedBefore;

  DropReplayedPanesProducer(Producer<K, String> delegate, WrittenPanes written) {
    super(delegate);
    this.written = written;
  }

  /**
   * A guarded producer for {@code topic}: the panes written to it are read back once per JVM from the last {@link
   * ReplayGuard#tail} of writes, and keys whose window ended more than {@link ReplayGuard#horizon} before the latest
   * one are forgotten.
   */
  static <K> DropReplayedPanesProducer<K> of(
      Producer<K, String> delegate, Map<String, Object> config, String topic, ReplayGuard guard) {
    String id = config.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) + "/" + topic;
    WrittenPanes panes =
        WRITTEN.computeIfAbsent(
            id, unused -> WrittenPanesReader.read(config, topic, guard.tail(), guard.horizon().toMillis()));
    return new DropReplayedPanesProducer<>(delegate, panes);
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<K, String> record, @Nullable Callback callback) {
    WindowCount pane;
    try {
      pane = WindowCountJson.fromJson(record.value());
    } catch (RuntimeException notAPane) {
      return delegate.send(record, callback);
    }
    Optional<WindowCount> toSend = written.admit(pane);
    if (toSend.isEmpty()) {
      return dropped(record, pane, callback);
    }
    WindowCount sent = toSend.get();
    ProducerRecord<K, String> out =
        sent == pane
            ? record
            : new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(),
                WindowCountJson.toJson(sent), record.headers());
    return delegate.send(
        out,
        (metadata, exception) -> {
          if (exception == null) {
            written.written(sent);
          } else {
            written.notWritten(sent);
          }
          if (callback != null) {
            callback.onCompletion(metadata, exception);
          }
        });
  }

  /** Completes a dropped record's send at once, successfully, with offset -1 (nothing written). */
  private Future<RecordMetadata> dropped(ProducerRecord<K, String> record, WindowCount pane, @Nullable Callback callback) {
    RideCountsMetrics.counter(RideCountsMetrics.REPLAYED_PANES_DROPPED).inc();
    if (!droppedBefore) {
      droppedBefore = true;
      LOG.info(
          "Not writing pane {} (count {}{}) of {} to {}: the topic already has it or a later one (a replay after a"
              + " restart); further ones are counted in the metric {}",
          pane.paneIndex(), pane.count(), pane.isFinal() ? ", final" : "", FormatLatestCounts.key(pane), record.topic(),
          RideCountsMetrics.REPLAYED_PANES_DROPPED);
    }
    RecordMetadata nothing = new RecordMetadata(new TopicPartition(record.topic(), -1), -1, 0, -1, -1, -1);
    if (callback != null) {
      callback.onCompletion(nothing, null);
    }
    return CompletableFuture.completedFuture(nothing);
  }
}
