package com.ridecounts.it.harness;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded stream of Kafka record values for the fuzz test: valid ride events (in order, out of order and too late)
 * mixed with every kind of hostile payload the job must survive: random bytes, truncated and deeply nested JSON,
 * 1 MB strings, numbers out of range, NaN and Infinity, duplicate keys, invalid UTF-8, null values, empty values and
 * tombstones (null), wrong types in every field, timestamps at the long limits and valid ones far in the future. The
 * same seed gives the same values.
 *
 * <p>Valid events' event times advance 20 ms per value from {@code startMillis}, with up to 5 s of jitter; one in 50 is
 * between 1 and 15 minutes late.
 */
public final class HostilePayloads {
  private static final String[] TYPES = {"ride_requested", "ride_started", "ride_completed", "payment_processed"};
  private static final String[] FIELDS = {"event_id", "user_id", "event_type", "amount", "ts"};
  private static final String[] WRONG_VALUES = {"{}", "[]", "[1,2]", "true", "false", "12", "-3.5", "\"text\"", "\"\"",
      "{\"nested\":{\"ts\":1}}"};
  private static final int HUGE = 1_000_000;

  private final Random random;
  private final long startMillis;

  public HostilePayloads(long seed, long startMillis) {
    this.random = new Random(seed);
    this.startMillis = startMillis;
  }

  /** {@code count} values; about 40% are valid events. Every 25,000th value is a 1 MB one (valid and malformed). */
  public List<byte[]> generate(int count) {
    List<byte[]> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long eventTime = startMillis + i * 20L;
      if (i % 25_000 == 12_345) {
        values.add(hugeString(eventTime, i % 50_000 == 12_345));
      } else if (random.nextInt(100) < 40) {
        values.add(valid(i, eventTime));
      } else {
        values.add(hostile(i, eventTime));
      }
    }
    return values;
  }

  private byte[] valid(int i, long eventTime) {
    long ts = eventTime + random.nextInt(10_001) - 5_000;
    if (random.nextInt(50) == 0) {
      ts = eventTime - 60_000L - random.nextInt(14 * 60_000);
    }
    String type = random.nextInt(20) == 0 ? null : TYPES[random.nextInt(TYPES.length)];
    return utf8(event("e" + i, "u" + random.nextInt(1000), type == null ? "null" : quote(type), amount(), ts));
  }

  private byte[] hostile(int i, long eventTime) {
    String good = event("e" + i, "u" + i, quote(TYPES[i % TYPES.length]), amount(), eventTime);
    switch (random.nextInt(13)) {
      case 0: // random bytes
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        return bytes;
      case 1: // truncated JSON
        return utf8(good.substring(0, 1 + random.nextInt(good.length() - 1)));
      case 2: // deep nesting, around Jackson's 1000-level limit and far beyond
        return utf8(nested(500 + random.nextInt(4500), random.nextBoolean()));
      case 3: // numbers out of range or not integral
        return utf8(withField(good, "ts", pick("1e400", "99999999999999999999", "-1", "253402300800000", "1.5",
            "1710057600000.0", "-9223372036854775809")));
      case 4: // NaN and Infinity, which JSON does not have
        return utf8(withField(good, pick("amount", "ts"), pick("NaN", "Infinity", "-Infinity", "1e999")));
      case 5: // duplicate keys, at the top or nested
        return utf8(random.nextBoolean()
            ? good.substring(0, good.length() - 1) + ",\"event_id\":\"again\"}"
            : good.substring(0, good.length() - 1) + ",\"meta\":{\"a\":1,\"a\":2}}");
      case 6: // invalid UTF-8 inside a string
        return invalidUtf8(good);
      case 7: // a null value for a field
        return utf8(withField(good, pick("event_id", "user_id", "ts"), "null"));
      case 8: // empty, blank, tombstone
        return pick(new byte[0], utf8("   \n"), null);
      case 9: // a wrong type in one field
        return utf8(withField(good, FIELDS[random.nextInt(FIELDS.length)], WRONG_VALUES[random.nextInt(
            WRONG_VALUES.length)]));
      case 10: // timestamps at the long limits, and valid ones far in the future (2100, 9999-12-31)
        return utf8(withField(good, "ts", pick(Long.toString(Long.MAX_VALUE), Long.toString(Long.MIN_VALUE), "0",
            "4102444800000", "253402300799999")));
      case 11: // not an object, or trailing data
        return utf8(pick("[" + good + "]", "\"" + i + "\"", good + good, good + " x", "null", "42"));
      default: // a missing required field
        return utf8(good.replaceFirst("\"" + pick("event_id", "user_id", "ts") + "\":[^,}]*,?", ""));
    }
  }

  /** A 1 MB string: a valid event with a 1 MB event_id, or a malformed value of 1 MB. */
  private byte[] hugeString(long eventTime, boolean validEvent) {
    String big = "x".repeat(HUGE - 200);
    return utf8(validEvent
        ? event(big, "u", quote("ride_started"), "1.0", eventTime)
        : "{\"event_id\":\"" + big); // unterminated
  }

  private String amount() {
    return random.nextInt(10) == 0 ? "null" : String.format(java.util.Locale.ROOT, "%.2f", random.nextDouble() * 90);
  }

  private static String event(String id, String user, String typeJson, String amountJson, long ts) {
    return "{\"event_id\":" + quote(id) + ",\"user_id\":" + quote(user) + ",\"event_type\":" + typeJson
        + ",\"amount\":" + amountJson + ",\"ts\":" + ts + "}";
  }

  private static String withField(String json, String field, String rawValue) {
    return json.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}]*)", "\"" + field + "\":" + java.util.regex.Matcher
        .quoteReplacement(rawValue));
  }

  private static String nested(int depth, boolean objects) {
    StringBuilder json = new StringBuilder();
    for (int d = 0; d < depth; d++) {
      json.append(objects ? "{\"a\":" : "[");
    }
    json.append('1');
    for (int d = 0; d < depth; d++) {
      json.append(objects ? '}' : ']');
    }
    return json.toString();
  }

  private byte[] invalidUtf8(String json) {
    byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0,
        (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
    int at = json.indexOf("\"u") + 2; // inside user_id's string
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(utf8(json.substring(0, at)));
    out.writeBytes(bad[random.nextInt(bad.length)]);
    out.writeBytes(utf8(json.substring(at)));
    return out.toByteArray();
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
