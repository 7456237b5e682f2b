package com.ridecounts.model;

import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One validated ride event, as read from the input topic: {@code {event_id, user_id, event_type, amount, ts}}.
 *
 * <p>{@code eventId} and {@code userId} are non-empty; {@code eventType} and {@code amount} may be null, exactly as in
 * the seed job's explicit Spark schema. {@code tsMillis} is the event time in epoch milliseconds. Instances are
 * immutable and created only by {@link RideEventParser} (or tests), so every instance satisfies the schema.
 */
public final class RideEvent {
  private final String eventId;
  private final String userId;
  private final @Nullable String eventType;
  private final @Nullable Double amount;
  private final long tsMillis;

  public RideEvent(
      String eventId, String userId, @Nullable String eventType, @Nullable Double amount, long tsMillis) {
    this.eventId = Objects.requireNonNull(eventId, "eventId");
    this.userId = Objects.requireNonNull(userId, "userId");
    this.eventType = eventType;
    this.amount = amount;
    this.tsMillis = tsMillis;
  }

  public String eventId() {
    return eventId;
  }

  public String userId() {
    return userId;
  }

  public @Nullable String eventType() {
    return eventType;
  }

  public @Nullable Double amount() {
    return amount;
  }

  public long tsMillis() {
    return tsMillis;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof RideEvent)) {
      return false;
    }
    RideEvent that = (RideEvent) o;
    return tsMillis == that.tsMillis
        && eventId.equals(that.eventId)
        && userId.equals(that.userId)
        && Objects.equals(eventType, that.eventType)
        && Objects.equals(amount, that.amount);
  }

  @Override
  public int hashCode() {
    return Objects.hash(eventId, userId, eventType, amount, tsMillis);
  }

  @Override
  public String toString() {
    return "RideEvent{" + eventId + ", " + userId + ", " + eventType + ", " + amount + ", " + tsMillis + "}";
  }
}
