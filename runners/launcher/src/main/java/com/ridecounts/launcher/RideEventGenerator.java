package com.ridecounts.launcher;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates realistic ride-event values (one Kafka message value each) for the demo, replay files and tests:
 * weighted event types (a few without a type), amounts on completed rides and payments, event times slightly out of
 * order, a share of late events (some beyond the allowed lateness) and a share of malformed records of every kind the
 * job rejects. Deterministic for a given seed and sequence of clock values.
 */
public final class RideEventGenerator {
  /** The event types, weighted roughly like a ride-hailing funnel; the last, null, stands for a missing type. */
  private static final String[] TYPES = {
    "ride_requested", "ride_requested", "ride_requested", "ride_started", "ride_started", "ride_completed",
    "ride_completed", "ride_cancelled", "payment_processed", null
  };

  private final SplittableRandom random;
  private final Profile profile;
  private long sequence;

  /** Shares and delays of the generated stream. */
  public static final class Profile {
    final double lateShare;
    final long maxLatenessMillis;
    final long maxJitterMillis;
    final double malformedShare;

    /**
     * @param lateShare share of events stamped up to {@code maxLatenessMillis} in the past
     * @param maxLatenessMillis how far in the past a late event can be
     * @param maxJitterMillis every event's time is up to this much before the clock (out-of-order arrival)
     * @param malformedShare share of records that fail validation
     */
    public Profile(double lateShare, long maxLatenessMillis, long maxJitterMillis, double malformedShare) {
      this.lateShare = lateShare;
      this.maxLatenessMillis = maxLatenessMillis;
      this.maxJitterMillis = maxJitterMillis;
      this.malformedShare = malformedShare;
    }

    /** 3% late events up to 15 minutes late (a third of them beyond the 10-minute lateness), 5 s jitter, 1% bad. */
    public static Profile realistic() {
      return new Profile(0.03, 15 * 60_000L, 5_000L, 0.01);
    }
  }

  /** How many event types the generator produces, the missing type counted as one. */
  public static int distinctEventTypes() {
    return (int) java.util.Arrays.stream(TYPES).distinct().count();
  }

  public RideEventGenerator(long seed, Profile profile) {
    this.random = new SplittableRandom(seed);
    this.profile = profile;
  }

  /** The next record value, for an event that happens at {@code clockMillis} (before jitter and lateness). */
  public byte[] next(long clockMillis) {
    sequence++;
    if (random.nextDouble() < profile.malformedShare) {
      return malformed(clockMillis);
    }
    long ts = clockMillis - (profile.maxJitterMillis > 0 ? random.nextLong(profile.maxJitterMillis + 1) : 0);
    if (random.nextDouble() < profile.lateShare) {
      ts = clockMillis - 1 - random.nextLong(Math.max(1, profile.maxLatenessMillis));
    }
    String type = TYPES[random.nextInt(TYPES.length)];
    StringBuilder json = new StringBuilder(160);
    json.append("{\"event_id\":\"").append(eventId()).append('"');
    json.append(",\"user_id\":\"u-").append(random.nextInt(5_000)).append('"');
    if (type != null) {
      json.append(",\"event_type\":\"").append(type).append('"');
    }
    if ("ride_completed".equals(type) || "payment_processed".equals(type)) {
      json.append(",\"amount\":").append(String.format(Locale.ROOT, "%.2f", 4 + random.nextDouble() * 60));
    } else {
      json.append(",\"amount\":null");
    }
    json.append(",\"ts\":").append(ts).append('}');
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private String eventId() {
    return String.format(Locale.ROOT, "e-%08x-%08x", sequence, random.nextInt());
  }

  private byte[] malformed(long clockMillis) {
    String value;
    switch (random.nextInt(8)) {
      case 0:
        value = "{\"event_id\":\"" + eventId() + "\",\"user_id\":\"u-1\",\"ts\":" + clockMillis; // truncated
        break;
      case 1:
        value = "{\"event_id\":\"" + eventId() + "\",\"user_id\":\"u-2\",\"event_type\":\"ride_started\"}"; // no ts
        break;
      case 2:
        value = "{\"event_id\":\"" + eventId() + "\",\"user_id\":\"u-3\",\"ts\":\"" + clockMillis + "\"}"; // string ts
        break;
      case 3:
        value = "ride_started," + clockMillis; // not JSON
        break;
      case 4:
        value = ""; // empty message
        break;
      case 5:
        value = "[\"ride_started\"," + clockMillis + "]"; // not an object
        break;
      case 6:
        value = "{\"event_id\":\"\",\"user_id\":\"u-4\",\"ts\":" + clockMillis + "}"; // empty id
        break;
      default:
        value = "{\"event_id\":\"" + eventId() + "\",\"user_id\":7,\"ts\":" + clockMillis + "}"; // numeric user_id
    }
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
