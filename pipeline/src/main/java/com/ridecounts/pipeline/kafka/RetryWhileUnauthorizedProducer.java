package com.ridecounts.pipeline.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A non-transactional producer that holds on to records the broker refused with {@link TopicAuthorizationException}
 * (an ACL denies WRITE on the topic) and sends them again, in the order they failed, until the broker accepts them:
 * {@link #flush()} returns only then. Every other error reaches the caller's callback as usual.
 *
 * <p>Why: on Beam 2.70's SparkRunner a failed write fails the Spark job, and Spark Streaming still counts the batch as
 * completed and checkpoints past it, so a restart from the checkpoint never writes that batch's panes again (seen:
 * 12 of 303 keys without a final pane, {@code OutputTopicDeniedIT}). Waiting instead stalls the job, visibly: one
 * ERROR line per attempt names the topics and the time denied so far, and the batch's scheduling delay grows. Once
 * the ACL allows the write, the job carries on with nothing lost. KafkaIO's plain writer ({@code KafkaWriter}) calls
 * {@code flush()} at the end of every bundle and reports failures only through callbacks, which fits this contract.
 * The futures that {@code send} returns still fail on a refusal; KafkaIO ignores them.
 *
 * <p>A stalled write cannot finish, so once the JVM starts shutting down (SIGTERM) the producer halts the JVM at its
 * next attempt, with status 1: Spark's graceful stop would otherwise wait up to an hour for the stalled job
 * ({@code JobScheduler} waits for its jobs on a graceful stop), and failing the write instead would let Spark
 * checkpoint past the batch. Halting leaves the batch pending in the checkpoint, as a SIGKILL would, and a restart
 * runs it again ({@code OutputTopicDeniedIT}).
 */
final class RetryWhileUnauthorizedProducer<K, V> extends ForwardingProducer<K, V> {
  private static final Logger LOG = LoggerFactory.getLogger(RetryWhileUnauthorizedProducer.class);
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
  private final List<Refused<K, V>> refused = new ArrayList<>();

  RetryWhileUnauthorizedProducer(Producer<K, V> delegate, Duration retryInterval) {
    super(delegate);
    this.retryInterval = retryInterval;
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<K, V> record, @Nullable Callback callback) {
    return delegate.send(record, new HoldIfUnauthorized<>(this, record, callback));
  }

  /** Flushes, then re-sends refused records every {@code retryInterval} until none is refused. */
  @Override
  public void flush() {
    delegate.flush();
    long stalledSinceNanos = System.nanoTime();
    for (List<Refused<K, V>> again = takeRefused(); !again.isEmpty(); again = takeRefused()) {
      TreeSet<String> topics = new TreeSet<>();
      again.forEach(r -> topics.add(r.record.topic()));
      LOG.error(
          "Not authorized to write to topic(s) {} (TopicAuthorizationException): holding {} records and retrying"
              + " every {} s until an ACL allows WRITE; output is stalled since {} s",
          topics, again.size(), retryInterval.toSeconds(),
          Duration.ofNanos(System.nanoTime() - stalledSinceNanos).toSeconds());
      haltIfStopping(topics);
      try {
        Thread.sleep(retryInterval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new org.apache.kafka.common.errors.InterruptException(
            "Interrupted while waiting to write to " + topics + " again", e);
      }
      haltIfStopping(topics);
      for (Refused<K, V> r : again) {
        send(r.record, r.callback);
      }
      delegate.flush();
    }
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

  private synchronized void hold(ProducerRecord<K, V> record, @Nullable Callback callback) {
    refused.add(new Refused<>(record, callback));
  }

  private synchronized List<Refused<K, V>> takeRefused() {
    List<Refused<K, V>> taken = new ArrayList<>(refused);
    refused.clear();
    return taken;
  }

  /** A refused record and the caller's callback, to send again. */
  private static final class Refused<K, V> {
    final ProducerRecord<K, V> record;
    final @Nullable Callback callback;

    Refused(ProducerRecord<K, V> record, @Nullable Callback callback) {
      this.record = record;
      this.callback = callback;
    }
  }

  /** Holds the record back on a {@link TopicAuthorizationException}, else completes the caller's callback. */
  private static final class HoldIfUnauthorized<K, V> implements Callback {
    private final RetryWhileUnauthorizedProducer<K, V> producer;
    private final ProducerRecord<K, V> record;
    private final @Nullable Callback callback;

    HoldIfUnauthorized(
        RetryWhileUnauthorizedProducer<K, V> producer, ProducerRecord<K, V> record, @Nullable Callback callback) {
      this.producer = producer;
      this.record = record;
      this.callback = callback;
    }

    @Override
    public void onCompletion(@Nullable RecordMetadata metadata, @Nullable Exception exception) {
      if (exception instanceof TopicAuthorizationException) {
        producer.hold(record, callback);
      } else if (callback != null) {
        callback.onCompletion(metadata, exception);
      }
    }
  }
}
