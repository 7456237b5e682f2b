package com.ridecounts.pipeline.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.ridecounts.model.ParsedRecord;
import com.ridecounts.model.RejectReason;
import com.ridecounts.model.RideEvent;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaTimestampType;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** Event time, watermark, late stamping and idleness of {@link EventTimePolicy}, with a controlled clock. */
class EventTimePolicyTest {
  private static final long T0 = Instant.parse("2024-03-10T08:00:00Z").getMillis();
  private static final Duration DELAY = Duration.standardSeconds(5);
  private static final Duration IDLE = Duration.standardSeconds(30);
  private static final Duration MAX_AHEAD = Duration.standardMinutes(5);

  private final AtomicLong wallClock = new AtomicLong(Instant.parse("2026-11-25T12:00:00Z").getMillis());
  private final EventTimePolicy policy =
      new EventTimePolicy(DELAY, IDLE, MAX_AHEAD, Optional.empty(), () -> new Instant(wallClock.get()));
  private long offset;

  @Test
  void eventTimeComesFromTsNotFromTheKafkaTimestamp() {
    assertThat(policy.getTimestampForRecord(backlog(10), valid(T0)), equalTo(new Instant(T0)));
  }

  @Test
  void watermarkIsLargestTsMinusDelayAndNeverGoesBack() {
    policy.getTimestampForRecord(backlog(10), valid(T0 + 60_000));
    policy.getTimestampForRecord(backlog(10), valid(T0));
    assertThat(policy.getWatermark(backlog(10)), equalTo(new Instant(T0 + 60_000).minus(DELAY)));
    policy.getTimestampForRecord(backlog(10), valid(T0 + 1_000));
    assertThat(policy.getWatermark(backlog(10)), equalTo(new Instant(T0 + 60_000).minus(DELAY)));
  }

  @Test
  void eventBehindTheWatermarkIsStampedWithTheWatermarkOfTheRecordsBeforeIt() {
    policy.getTimestampForRecord(backlog(10), valid(T0 + 600_000));
    Instant stamped = policy.getTimestampForRecord(backlog(10), valid(T0));
    assertThat(stamped, equalTo(new Instant(T0 + 600_000).minus(DELAY)));
    Instant onTime = policy.getTimestampForRecord(backlog(10), valid(T0 + 700_000));
    assertThat(onTime, equalTo(new Instant(T0 + 700_000)));
  }

  @Test
  void invalidRecordDoesNotMoveTheWatermark() {
    policy.getTimestampForRecord(backlog(10), valid(T0));
    Instant stamp = policy.getTimestampForRecord(backlog(10), invalid());
    assertThat(stamp, equalTo(new Instant(T0).minus(DELAY)));
    assertThat(policy.getWatermark(backlog(10)), equalTo(new Instant(T0).minus(DELAY)));
  }

  @Test
  void futureTimestampCannotPushTheWatermarkPastTheWallClock() {
    // A producer that sets the record timestamp to the event time defeats the Kafka-timestamp rule; the cap holds.
    long farFuture = Instant.parse("9999-01-01T00:00:00Z").getMillis();
    policy.getTimestampForRecord(
        backlog(10), record(ParsedRecord.valid(new RideEvent("f", "u1", null, null, farFuture)), farFuture));
    assertThat(policy.getWatermark(backlog(10)), equalTo(new Instant(wallClock.get()).minus(DELAY)));
  }

  @Test
  void partitionThatNeverReceivesARecordFollowsTheWallClockOnceIdle() {
    assertThat(policy.getWatermark(backlog(0)), equalTo(BoundedWindow.TIMESTAMP_MIN_VALUE));
    wallClock.addAndGet(IDLE.getMillis());
    assertThat(policy.getWatermark(backlog(0)), equalTo(new Instant(wallClock.get()).minus(IDLE)));
  }

  @Test
  void drainedPartitionOfHistoricalDataClosesItsWindowsOnceIdle() {
    policy.getTimestampForRecord(backlog(0), valid(T0));
    wallClock.addAndGet(IDLE.getMillis() - 1);
    assertThat(policy.getWatermark(backlog(0)), equalTo(new Instant(T0).minus(DELAY)));
    wallClock.addAndGet(1);
    assertThat(policy.getWatermark(backlog(0)), equalTo(new Instant(wallClock.get()).minus(IDLE)));
  }

  @Test
  void partitionWithBacklogIsNeverIdle() {
    policy.getTimestampForRecord(backlog(5), valid(T0));
    wallClock.addAndGet(10 * IDLE.getMillis());
    assertThat(policy.getWatermark(backlog(5)), equalTo(new Instant(T0).minus(DELAY)));
  }

  /**
   * KafkaIO's splittable read creates a policy per read call, resuming from the last watermark. Idleness still counts
   * from the partition's last record, which the policies share, not from each policy's creation: a drained partition
   * read in calls shorter than the idle timeout still goes idle.
   */
  @Test
  void policiesRecreatedPerReadCallShareTheTimeOfTheLastRecord() {
    EventTimePolicy.LastArrival lastArrival = new EventTimePolicy.LastArrival(new Instant(wallClock.get()));
    EventTimePolicy first = policySharing(lastArrival, Optional.empty());
    first.getTimestampForRecord(backlog(0), valid(T0));
    Instant watermark = first.getWatermark(backlog(0));
    for (int call = 0; call < 3; call++) {
      wallClock.addAndGet(IDLE.getMillis() / 3);
      watermark = policySharing(lastArrival, Optional.of(watermark)).getWatermark(backlog(0));
    }
    assertThat(watermark, equalTo(new Instant(wallClock.get()).minus(IDLE)));
  }

  private EventTimePolicy policySharing(EventTimePolicy.LastArrival lastArrival, Optional<Instant> previous) {
    return new EventTimePolicy(DELAY, IDLE, MAX_AHEAD, previous, () -> new Instant(wallClock.get()), lastArrival);
  }

  @Test
  void eventTooFarAheadOfItsKafkaTimestampNeverMovesTheWatermark() {
    policy.getTimestampForRecord(backlog(10), valid(T0));
    long year2100 = Instant.parse("2100-01-01T00:00:00Z").getMillis();
    assertThat(policy.getTimestampForRecord(backlog(10), valid(year2100)), equalTo(new Instant(T0).minus(DELAY)));
    long justAllowed = wallClock.get() + MAX_AHEAD.getMillis(); // records carry the wall clock as Kafka timestamp
    policy.getTimestampForRecord(backlog(10), valid(justAllowed));
    assertThat(policy.getWatermark(backlog(10)), equalTo(new Instant(wallClock.get()).minus(DELAY)));
  }

  @Test
  void restartResumesFromTheCheckpointedWatermark() {
    Instant checkpointed = new Instant(T0 + 120_000);
    EventTimePolicy resumed =
        new EventTimePolicy(DELAY, IDLE, MAX_AHEAD, Optional.of(checkpointed), () -> new Instant(wallClock.get()));
    assertThat(resumed.getWatermark(backlog(10)), equalTo(checkpointed));
    assertThat(resumed.getTimestampForRecord(backlog(10), valid(T0)), equalTo(checkpointed));
  }

  private KafkaRecord<byte[], ParsedRecord> valid(long ts) {
    return record(ParsedRecord.valid(new RideEvent("e" + offset, "u1", "ride_started", null, ts)));
  }

  private KafkaRecord<byte[], ParsedRecord> invalid() {
    return record(ParsedRecord.invalid(new byte[] {'x'}, RejectReason.MALFORMED_JSON, "not JSON"));
  }

  private KafkaRecord<byte[], ParsedRecord> record(ParsedRecord value) {
    return record(value, wallClock.get());
  }

  private KafkaRecord<byte[], ParsedRecord> record(ParsedRecord value, long kafkaTimestamp) {
    return new KafkaRecord<>(
        "ride_events", 0, offset++, kafkaTimestamp, KafkaTimestampType.CREATE_TIME, null, null, value);
  }

  private static TimestampPolicy.PartitionContext backlog(long records) {
    return new Context(records);
  }

  /** A partition context with a fixed backlog. */
  private static final class Context extends TimestampPolicy.PartitionContext {
    private final long backlog;

    Context(long backlog) {
      this.backlog = backlog;
    }

    @Override
    public long getMessageBacklog() {
      return backlog;
    }

    @Override
    public Instant getBacklogCheckTime() {
      return Instant.now();
    }
  }
}
