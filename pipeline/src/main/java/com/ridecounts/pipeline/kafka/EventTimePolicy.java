package com.ridecounts.pipeline.kafka;

import com.ridecounts.model.FutureTimestamps;
import com.ridecounts.model.ParsedRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.io.kafka.TimestampPolicyFactory;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.kafka.common.TopicPartition;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Event time for one Kafka partition, taken from the event's {@code ts} field (the Kafka record timestamp is not used
 * for event time; it stays available as processing time).
 *
 * <ul>
 *   <li>Timestamp: {@code ts}, or the partition's current watermark when {@code ts} is behind it. The count step
 *       restores {@code ts} and compares each window's close with that stamp, so whether a late event is counted
 *       depends only on the records before it in the partition, never on when the runner advanced its watermark.
 *   <li>Watermark: bounded out-of-orderness, {@code max(ts seen on the partition) - watermarkDelay}, never beyond the
 *       wall clock (a record stamped in the future must not close windows that real data is still filling), and never
 *       moving backwards.
 *   <li>A record that failed validation has no event time: it gets the current watermark as its timestamp and does
 *       not move the watermark. The same holds for an event timestamped more than {@code maxAhead} after its Kafka
 *       record ({@link FutureTimestamps}), which validation then dead-letters.
 *   <li>Idle partitions (apache/beam #20908): when the partition has no backlog and has delivered nothing for {@code
 *       idleTimeout} (or never delivered anything), the watermark follows {@code wall clock - idleTimeout}. So an
 *       empty partition cannot hold the job's watermark back, and once a topic of historical records is drained every
 *       window closes. The flip side, as with KafkaIO's own limited-delay policy: historical records produced into
 *       an idle partition after that are late.
 *   <li>After a restart the watermark resumes from the checkpointed one.
 * </ul>
 *
 * <p>KafkaIO's splittable-DoFn read (the DirectRunner's, see its runner module) creates a new policy for every call
 * that reads a partition, resuming from the checkpointed watermark; its legacy read keeps one per reader. So the time
 * of the partition's last record is kept outside the policy, in a {@link LastArrival} the factory shares between the
 * policies it creates for a partition: idleness is measured from the last record, not from the policy's creation.
 */
public final class EventTimePolicy extends TimestampPolicy<byte[], ParsedRecord> {
  private final Duration watermarkDelay;
  private final Duration idleTimeout;
  private final Duration maxAhead;
  private final Supplier<Instant> clock;
  private Instant maxEventTime;
  private final LastArrival lastRecordArrival;
  private Instant watermark;

  EventTimePolicy(
      Duration watermarkDelay,
      Duration idleTimeout,
      Duration maxAhead,
      Optional<Instant> previousWatermark,
      Supplier<Instant> clock) {
    this(watermarkDelay, idleTimeout, maxAhead, previousWatermark, clock, new LastArrival(clock.get()));
  }

  EventTimePolicy(
      Duration watermarkDelay,
      Duration idleTimeout,
      Duration maxAhead,
      Optional<Instant> previousWatermark,
      Supplier<Instant> clock,
      LastArrival lastRecordArrival) {
    this.watermarkDelay = watermarkDelay;
    this.idleTimeout = idleTimeout;
    this.maxAhead = maxAhead;
    this.clock = clock;
    this.watermark = previousWatermark.orElse(BoundedWindow.TIMESTAMP_MIN_VALUE);
    this.maxEventTime = previousWatermark.map(w -> w.plus(watermarkDelay)).orElse(BoundedWindow.TIMESTAMP_MIN_VALUE);
    this.lastRecordArrival = lastRecordArrival;
  }

  /** A factory for KafkaIO's {@code withTimestampPolicyFactory}, one policy per partition. */
  public static TimestampPolicyFactory<byte[], ParsedRecord> factory(
      Duration watermarkDelay, Duration idleTimeout, Duration maxAhead) {
    return new Factory(watermarkDelay, idleTimeout, maxAhead);
  }

  @Override
  public Instant getTimestampForRecord(PartitionContext ctx, KafkaRecord<byte[], ParsedRecord> record) {
    Instant now = clock.get();
    lastRecordArrival.set(now);
    Instant current = latest(watermark, eventWatermark(now));
    ParsedRecord value = record.getKV().getValue();
    if (value == null
        || !value.isValid()
        || FutureTimestamps.tooFarAhead(value.event().tsMillis(), record.getTimestamp(), maxAhead.getMillis())) {
      return current; // a dead letter: no event time of its own, never moves the watermark
    }
    Instant eventTime = new Instant(value.event().tsMillis());
    if (eventTime.isAfter(maxEventTime)) {
      maxEventTime = eventTime;
    }
    // Behind the watermark: stamp the watermark; the count restores ts and drops closed windows deterministically.
    return eventTime.isBefore(current) ? current : eventTime;
  }

  @Override
  public Instant getWatermark(PartitionContext ctx) {
    Instant now = clock.get();
    Instant candidate = eventWatermark(now);
    boolean idle = ctx.getMessageBacklog() == 0 && !lastRecordArrival.get().plus(idleTimeout).isAfter(now);
    if (idle) {
      candidate = latest(candidate, now.minus(idleTimeout));
    }
    watermark = latest(watermark, candidate);
    return watermark;
  }

  /** The watermark the records alone justify: largest event time, capped at the wall clock, minus the delay. */
  private Instant eventWatermark(Instant now) {
    Instant capped = maxEventTime.isBefore(now) ? maxEventTime : now;
    return capped.minus(watermarkDelay);
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** When a partition last delivered a record (or when its first policy was created), shared by its policies. */
  static final class LastArrival {
    private volatile Instant time;

    LastArrival(Instant time) {
      this.time = time;
    }

    Instant get() {
      return time;
    }

    void set(Instant time) {
      this.time = time;
    }
  }

  /**
   * Creates an {@link EventTimePolicy} per partition, resuming from the checkpointed watermark. The policies it
   * creates for one partition share that partition's {@link LastArrival} (kept in this JVM only: a restarted or
   * moved reader starts it afresh, as a new policy did before).
   */
  private static final class Factory implements TimestampPolicyFactory<byte[], ParsedRecord> {
    private final Duration watermarkDelay;
    private final Duration idleTimeout;
    private final Duration maxAhead;
    private transient @Nullable Map<TopicPartition, LastArrival> lastArrivals;

    Factory(Duration watermarkDelay, Duration idleTimeout, Duration maxAhead) {
      this.watermarkDelay = watermarkDelay;
      this.idleTimeout = idleTimeout;
      this.maxAhead = maxAhead;
    }

    @Override
    public TimestampPolicy<byte[], ParsedRecord> createTimestampPolicy(
        TopicPartition partition, Optional<Instant> previousWatermark) {
      LastArrival lastArrival;
      synchronized (this) {
        if (lastArrivals == null) {
          lastArrivals = new HashMap<>();
        }
        lastArrival = lastArrivals.computeIfAbsent(partition, p -> new LastArrival(Instant.now()));
      }
      return new EventTimePolicy(
          watermarkDelay, idleTimeout, maxAhead, previousWatermark, Instant::now, lastArrival);
    }
  }
}
