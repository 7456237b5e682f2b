package com.ridecounts.pipeline.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A non-transactional producer that holds on to records whose topic cannot be written right now, and sends them
 * again, in the order they failed, until the broker accepts them: {@link #flush()} returns only then. "Cannot be
 * written right now" ({@link #isUnwritable}) is one of:
 *
 * <ul>
 *   <li>{@link TopicAuthorizationException}: an ACL denies WRITE on the topic;
 *   <li>{@link UnknownTopicOrPartitionException}: the broker does not host the topic (deleted);
 *   <li>a {@link TimeoutException} about the record's own topic: the one {@code send} gives after {@code
 *       max.block.ms} when the topic is not in the cluster's metadata ("Topic t not present in metadata after 10000
 *       ms.", seen when the topic was deleted on a broker that does not auto-create it), or the expiry of records
 *       that found no partition leader within {@code delivery.timeout.ms} ("Expiring 3 record(s) for t-0:120000 ms
 *       has passed since batch creation").
 * </ul>
 *
 * Every other error, timeouts that name no topic included, reaches the caller's callback as usual. While a topic has records held
 * back, further records for it are held at once rather than sent, so that each does not wait {@code max.block.ms}
 * for a topic that is gone; every attempt sends the held records again, the first of them first.
 *
 * <p>Why: on Beam 2.70's SparkRunner a failed write fails the Spark job, and Spark Streaming still counts the batch as
 * completed and checkpoints past it, so a restart from the checkpoint never writes that batch's panes again (seen
 * with an ACL denial: 12 of 303 keys without a final pane, {@code OutputTopicDeniedIT}). Waiting instead stalls the
 * job, visibly: one ERROR line per attempt names the topics, the Kafka error and the time stalled so far, and the
 * batch's scheduling delay grows. Once the topic can be written again (ACL allowed, topic re-created), the job carries
 * on. KafkaIO's plain writer ({@code KafkaWriter}) calls {@code flush()} at the end of every bundle and reports
 * failures only through callbacks, which fits this contract. The futures that {@code send} returns still fail for a
 * held record; KafkaIO ignores them.
 *
 * <p>A stalled write cannot finish, so once the JVM starts shutting down (SIGTERM) the producer halts the JVM at its
 * next attempt, with status 1: Spark's graceful stop would otherwise wait up to an hour for the stalled job
 * ({@code JobScheduler} waits for its jobs on a graceful stop), and failing the write instead would let Spark
 * checkpoint past the batch. Halting leaves the batch pending in the checkpoint, as a SIGKILL would, and a restart
 * runs it again ({@code OutputTopicDeniedIT}).
 */
final class RetryWhileUnwritableProducer<K, V> extends ForwardingProducer<K, V> {
  private static final Logger LOG = LoggerFactory.getLogger(RetryWhileUnwritableProducer.class);
  /** Exit status when the JVM is halted because it was asked to stop while a write was stalled. */
  private static final int HALT_STATUS = 1;
  private static final AtomicBoolean JVM_STOPPING = new AtomicBoolean();

  static {
    try {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> JVM_STOPPING.set(true), "ride-counts-stalled-write-stop"));
    } catch (IllegalStateException alreadyStopping) {
      JVM_STOPPING.set(true);
    }
  }

  private final Duration retryInterval;
  private final List<Held<K, V>> held = new ArrayList<>();
  /** Topics with records held back, and the Kafka error that held the latest of them. */
  private final Map<String, Exception> unwritable = new HashMap<>();

  RetryWhileUnwritableProducer(Producer<K, V> delegate, Duration retryInterval) {
    super(delegate);
    this.retryInterval = retryInterval;
  }

  /** Whether {@code error}, delivered for a record of {@code topic}, means the topic cannot be written right now. */
  static boolean isUnwritable(@Nullable Exception error, String topic) {
    if (error instanceof TopicAuthorizationException || error instanceof UnknownTopicOrPartitionException) {
      return true;
    }
    String message = error instanceof TimeoutException ? error.getMessage() : null;
    // Kafka 3.9's words: KafkaProducer#waitOnMetadata and ProducerBatch#timeoutException.
    return message != null
        && (message.contains("Topic " + topic + " not present in metadata after")
            || message.contains(" record(s) for " + topic + "-"));
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<K, V> record, @Nullable Callback callback) {
    Exception pending = unwritableError(record.topic());
    if (pending != null) {
      hold(record, callback, pending);
      return CompletableFuture.failedFuture(pending);
    }
    return delegate.send(record, new HoldIfUnwritable<>(this, record, callback));
  }

  /** Flushes, then re-sends held records every {@code retryInterval} until none is held. */
  @Override
  public void flush() {
    delegate.flush();
    long stalledSinceNanos = System.nanoTime();
    for (Attempt<K, V> again = takeHeld(); !again.records.isEmpty(); again = takeHeld()) {
      LOG.error(
          "Cannot write to topic(s) {} right now ({}): holding {} records and retrying every {} s until the topic"
              + " can be written; output is stalled since {} s",
          again.errors.keySet(), describe(again.errors), again.records.size(), retryInterval.toSeconds(),
          Duration.ofNanos(System.nanoTime() - stalledSinceNanos).toSeconds());
      haltIfStopping(again.errors.keySet());
      try {
        Thread.sleep(retryInterval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new org.apache.kafka.common.errors.InterruptException(
            "Interrupted while waiting to write to " + again.errors.keySet() + " again", e);
      }
      haltIfStopping(again.errors.keySet());
      for (Held<K, V> h : again.records) {
        send(h.record, h.callback);
      }
      delegate.flush();
    }
  }

  /** Each distinct Kafka error once, as {@code ExceptionClass: message}. */
  private static String describe(Map<String, Exception> errors) {
    TreeSet<String> distinct = new TreeSet<>();
    errors.values().forEach(e -> distinct.add(e.getClass().getSimpleName() + ": " + e.getMessage()));
    return String.join("; ", distinct);
  }

  private static void haltIfStopping(Set<String> topics) {
    if (JVM_STOPPING.get()) {
      LOG.error(
          "Stopping while the write to {} is stalled: halting the JVM (status {}) so that the stalled batch stays"
              + " pending in the checkpoint and runs again after a restart",
          topics, HALT_STATUS);
      Runtime.getRuntime().halt(HALT_STATUS);
    }
  }

  private synchronized @Nullable Exception unwritableError(String topic) {
    return unwritable.get(topic);
  }

  private synchronized void hold(ProducerRecord<K, V> record, @Nullable Callback callback, Exception error) {
    held.add(new Held<>(record, callback));
    unwritable.put(record.topic(), error);
  }

  /** Takes the held records and forgets which topics were unwritable, so that the next attempt tries them again. */
  private synchronized Attempt<K, V> takeHeld() {
    Attempt<K, V> attempt = new Attempt<>(new ArrayList<>(held), new TreeMap<>(unwritable));
    held.clear();
    unwritable.clear();
    return attempt;
  }

  /** A held record and the caller's callback, to send again. */
  private static final class Held<K, V> {
    final ProducerRecord<K, V> record;
    final @Nullable Callback callback;

    Held(ProducerRecord<K, V> record, @Nullable Callback callback) {
      this.record = record;
      this.callback = callback;
    }
  }

  /** The records one attempt sends again, and the error per topic that held them. */
  private static final class Attempt<K, V> {
    final List<Held<K, V>> records;
    final TreeMap<String, Exception> errors;

    Attempt(List<Held<K, V>> records, TreeMap<String, Exception> errors) {
      this.records = records;
      this.errors = errors;
    }
  }

  /** Holds the record back when its topic cannot be written right now, else completes the caller's callback. */
  private static final class HoldIfUnwritable<K, V> implements Callback {
    private final RetryWhileUnwritableProducer<K, V> producer;
    private final ProducerRecord<K, V> record;
    private final @Nullable Callback callback;

    HoldIfUnwritable(
        RetryWhileUnwritableProducer<K, V> producer, ProducerRecord<K, V> record, @Nullable Callback callback) {
      this.producer = producer;
      this.record = record;
      this.callback = callback;
    }

    @Override
    public void onCompletion(@Nullable RecordMetadata metadata, @Nullable Exception exception) {
      if (exception != null && isUnwritable(exception, record.topic())) {
        producer.hold(record, callback, exception);
      } else if (callback != null) {
        callback.onCompletion(metadata, exception);
      }
    }
  }
}
