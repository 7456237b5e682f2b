package com.ridecounts.model;

import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where a record came from: topic, partition, offset, and the Kafka record timestamp (processing/ingestion time,
 * kept apart from the event time in {@code ts}).
 */
public final class SourcePosition {
  private final String topic;
  private final int partition;
  private final long offset;
  private final long kafkaTimestampMillis;

  public SourcePosition(String topic, int partition, long offset, long kafkaTimestampMillis) {
    this.topic = Objects.requireNonNull(topic);
    this.partition = partition;
    this.offset = offset;
    this.kafkaTimestampMillis = kafkaTimestampMillis;
  }

  public String topic() {
    return topic;
  }

  public int partition() {
    return partition;
  }

  public long offset() {
    return offset;
  }

  public long kafkaTimestampMillis() {
    return kafkaTimestampMillis;
  }

  /** A stable identity of the record, {@code topic/partition/offset}. */
  public String id() {
    return topic + "/" + partition + "/" + offset;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof SourcePosition)) {
      return false;
    }
    SourcePosition that = (SourcePosition) o;
    return partition == that.partition
        && offset == that.offset
        && kafkaTimestampMillis == that.kafkaTimestampMillis
        && topic.equals(that.topic);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, partition, offset, kafkaTimestampMillis);
  }

  @Override
  public String toString() {
    return id() + "@" + kafkaTimestampMillis;
  }
}
