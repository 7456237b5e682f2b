package com.ridecounts.model;

/**
 * The rule for events timestamped in the future. An event cannot have happened after the record that carries it was
 * written, so an event whose {@code ts} is more than {@code maxAheadMillis} (clock skew between devices and the
 * brokers) ahead of its Kafka record's timestamp is rejected: it goes to the dead-letter topic as {@link
 * RejectReason#FUTURE_TIMESTAMP} and never moves the watermark. Otherwise one event stamped in, say, 2100 would carry
 * its partition's watermark as far ahead as the wall clock allows and make every real event after it late.
 *
 * <p>The rule only reads the record, never the clock, so a replay decides exactly as the live run did. A record
 * without a timestamp (Kafka's -1) is never rejected by it. If producers set the record timestamp to the event time,
 * the rule cannot see the skew; then the topic's {@code message.timestamp.after.max.ms} (Kafka 3.6+) makes the broker
 * reject such records at write time.
 */
public final class FutureTimestamps {
  private FutureTimestamps() {}

  /** Whether {@code tsMillis} is more than {@code maxAheadMillis} after {@code kafkaTimestampMillis}. */
  public static boolean tooFarAhead(long tsMillis, long kafkaTimestampMillis, long maxAheadMillis) {
    return kafkaTimestampMillis >= 0 && tsMillis - kafkaTimestampMillis > maxAheadMillis;
  }
}
