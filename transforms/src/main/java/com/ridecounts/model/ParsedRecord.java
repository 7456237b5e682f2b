package com.ridecounts.model;

import java.util.Arrays;
import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The result of deserializing one Kafka record value: either a valid {@link RideEvent}, or the original bytes with the
 * reason they were rejected. Deserialization never throws, so a bad record can never crash the job: it becomes an
 * invalid {@code ParsedRecord} and is routed to the dead-letter topic.
 */
public final class ParsedRecord {
  private final @Nullable RideEvent event;
  private final byte @Nullable [] payload;
  private final @Nullable RejectReason reason;
  private final @Nullable String detail;

  private ParsedRecord(
      @Nullable RideEvent event, byte @Nullable [] payload, @Nullable RejectReason reason, @Nullable String detail) {
    this.event = event;
    this.payload = payload;
    this.reason = reason;
    this.detail = detail;
  }

  public static ParsedRecord valid(RideEvent event) {
    return new ParsedRecord(Objects.requireNonNull(event), null, null, null);
  }

  /** A rejected record; {@code payload} is null only for a Kafka tombstone. */
  public static ParsedRecord invalid(byte @Nullable [] payload, RejectReason reason, String detail) {
    return new ParsedRecord(null, payload, Objects.requireNonNull(reason), Objects.requireNonNull(detail));
  }

  public boolean isValid() {
    return event != null;
  }

  /** The event; only for a valid record. */
  public RideEvent event() {
    if (event == null) {
      throw new IllegalStateException("invalid record has no event: " + reason);
    }
    return event;
  }

  /** The original value bytes of a rejected record (null for a tombstone). */
  public byte @Nullable [] payload() {
    return payload;
  }

  /** Why the record was rejected; only for an invalid record. */
  public RejectReason reason() {
    if (reason == null) {
      throw new IllegalStateException("valid record has no reject reason");
    }
    return reason;
  }

  /** A human-readable explanation of the rejection; only for an invalid record. */
  public String detail() {
    if (detail == null) {
      throw new IllegalStateException("valid record has no reject detail");
    }
    return detail;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof ParsedRecord)) {
      return false;
    }
    ParsedRecord that = (ParsedRecord) o;
    return Objects.equals(event, that.event)
        && Arrays.equals(payload, that.payload)
        && reason == that.reason
        && Objects.equals(detail, that.detail);
  }

  @Override
  public int hashCode() {
    return Objects.hash(event, Arrays.hashCode(payload), reason, detail);
  }

  @Override
  public String toString() {
    return isValid() ? "Valid{" + event + "}" : "Invalid{" + reason + ": " + detail + "}";
  }
}
