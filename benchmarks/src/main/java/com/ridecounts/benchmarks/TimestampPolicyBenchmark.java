package com.ridecounts.benchmarks;

import com.ridecounts.model.ParsedRecord;
import com.ridecounts.model.RideEventParser;
import com.ridecounts.pipeline.kafka.EventTimePolicy;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaTimestampType;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.kafka.common.TopicPartition;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The job's {@link EventTimePolicy}: the event time of one record (called by KafkaIO for every record) and the
 * partition watermark (called by KafkaIO's splittable read once per record too).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TimestampPolicyBenchmark {
  private TimestampPolicy<byte[], ParsedRecord> policy;
  private KafkaRecord<byte[], ParsedRecord>[] records;
  private final TimestampPolicy.PartitionContext context = new Backlog();
  private int next;

  @Setup
  @SuppressWarnings("unchecked")
  public void setUp() {
    policy =
        EventTimePolicy.factory(Duration.standardSeconds(5), Duration.standardSeconds(30))
            .createTimestampPolicy(new TopicPartition("ride_events", 0), Optional.empty());
    byte[][] values = SampleRecords.values();
    records = new KafkaRecord[values.length];
    for (int i = 0; i < values.length; i++) {
      records[i] =
          new KafkaRecord<>(
              "ride_events", 0, i, 0L, KafkaTimestampType.CREATE_TIME, null, null, RideEventParser.parse(values[i]));
    }
  }

  @Benchmark
  public Instant timestampForRecord() {
    next = (next + 1) % SampleRecords.COUNT;
    return policy.getTimestampForRecord(context, records[next]);
  }

  @Benchmark
  public Instant watermark() {
    return policy.getWatermark(context);
  }

  /** A partition with a backlog, so it is never idle. */
  static final class Backlog extends TimestampPolicy.PartitionContext {
    @Override
    public long getMessageBacklog() {
      return 1_000;
    }

    @Override
    public Instant getBacklogCheckTime() {
      return Instant.now();
    }
  }
}
