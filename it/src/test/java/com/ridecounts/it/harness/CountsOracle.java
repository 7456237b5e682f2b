package com.ridecounts.it.harness;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An independent model of the job's final counts, written from the documented semantics only (it uses no class of
 * the pipeline; Jackson just reads and writes JSON):
 *
 * <ul>
 *   <li>A value is valid iff it is one JSON object and nothing else, {@code event_id} and {@code user_id} are
 *       non-empty strings, {@code ts} is an integer in [0, 253402300799999], {@code event_type} is a string, null or
 *       absent, {@code amount} is a finite number, null or absent. Other fields are ignored. A name given twice in
 *       one JSON object, anywhere in the value, makes it invalid.
 *   <li>Records are read per partition in offset order. The watermark a record sees is {@code max(ts of the earlier
 *       valid records of its partition) - watermarkDelay}; invalid records do not move it.
 *   <li>Each valid event belongs to the sliding windows {@code [s, s + size)} with {@code s} a multiple of {@code
 *       period} and {@code s <= ts < s + size}.
 *   <li>An (event, window) assignment is dropped iff {@code window.end - 1 ms + allowedLateness < watermark};
 *       otherwise it is counted.
 * </ul>
 */
public final class CountsOracle {
  /** The documented bounds of {@code ts}: 1970-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z. */
  public static final long MIN_TS = 0L;

  public static final long MAX_TS = 253_402_300_799_999L;
  /** The job's default {@code --maxEventTimeAheadSeconds}, in milliseconds. */
  public static final long MAX_AHEAD_MILLIS = 300_000L;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Rejects a name given twice in any object of the value, and anything after the top-level value. */
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final long sizeMillis;
  private final long periodMillis;
  private final long allowedLatenessMillis;
  private final long watermarkDelayMillis;

  public CountsOracle(long sizeMillis, long periodMillis, long allowedLatenessMillis, long watermarkDelayMillis) {
    this.sizeMillis = sizeMillis;
    this.periodMillis = periodMillis;
    this.allowedLatenessMillis = allowedLatenessMillis;
    this.watermarkDelayMillis = watermarkDelayMillis;
  }

  /** The job's defaults: 60 s windows every 30 s, 10 minutes of allowed lateness, no watermark delay. */
  public static CountsOracle jobDefaults() {
    return new CountsOracle(60_000L, 30_000L, 600_000L, 0L);
  }

  /** The fields of a valid event that matter to the count. */
  public record Event(String eventType, long ts) {}

  /** Validates one record value (null = tombstone) against the documented schema; empty if it is invalid. */
  public static Optional<Event> validate(byte[] value) {
    if (value == null || value.length == 0) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = STRICT.readTree(value); // duplicate names anywhere, trailing tokens, bad syntax/UTF-8: exceptions
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    if (root == null || !root.isObject()) {
      return Optional.empty(); // blank, or JSON that is not an object
    }
    if (!nonEmptyString(root.get("event_id")) || !nonEmptyString(root.get("user_id"))) {
      return Optional.empty();
    }
    JsonNode ts = root.get("ts");
    if (ts == null || !ts.isIntegralNumber() || !ts.canConvertToLong()) {
      return Optional.empty();
    }
    long tsMillis = ts.longValue();
    if (tsMillis < MIN_TS || tsMillis > MAX_TS) {
      return Optional.empty();
    }
    JsonNode type = root.get("event_type");
    if (type != null && !type.isNull() && !type.isTextual()) {
      return Optional.empty();
    }
    JsonNode amount = root.get("amount");
    if (amount != null && !amount.isNull() && !(amount.isNumber() && Double.isFinite(amount.doubleValue()))) {
      return Optional.empty();
    }
    return Optional.of(new Event(type == null || type.isNull() ? null : type.textValue(), tsMillis));
  }

  private static boolean nonEmptyString(JsonNode node) {
    return node != null && node.isTextual() && !node.textValue().isEmpty();
  }

  /** The sliding windows containing {@code ts}, as [start, end) pairs, latest start first. */
  public List<long[]> windowsOf(long ts) {
    List<long[]> windows = new ArrayList<>();
    for (long start = Math.floorDiv(ts, periodMillis) * periodMillis; start > ts - sizeMillis; start -= periodMillis) {
      windows.add(new long[] {start, start + sizeMillis});
    }
    return windows;
  }

  /** The oracle's view of one replay: final counts and how the (event, window) assignments were decided. */
  public record Result(
      TreeMap<WindowKey, Long> counts,
      long valid,
      long invalid,
      long assignments,
      long droppedLate,
      long countedBehindWatermark,
      long eventsBehindWatermark,
      long eventsDroppedLate) {

    /** The expected FINAL.jsonl lines, in window order. */
    public List<String> finalLines() {
      List<String> lines = new ArrayList<>();
      counts.forEach((key, count) -> lines.add(resultLine(key, count)));
      return lines;
    }
  }

  /**
   * Computes the final counts of {@code values} produced in order with value {@code i} on partition {@code i %
   * partitions}.
   */
  public Result compute(List<byte[]> values, int partitions) {
    // The job dead-letters events more than 5 minutes ahead of their Kafka record's timestamp (FUTURE_TIMESTAMP).
    // Records are produced after the oracle runs, so their timestamps are at least now.
    long futureLimit = System.currentTimeMillis() + MAX_AHEAD_MILLIS;
    long[] maxTs = new long[partitions];
    java.util.Arrays.fill(maxTs, Long.MIN_VALUE);
    TreeMap<WindowKey, Long> counts = new TreeMap<>(WindowKey.ORDER);
    long valid = 0;
    long invalid = 0;
    long assignments = 0;
    long dropped = 0;
    long countedBehind = 0;
    long eventsBehind = 0;
    long eventsDropped = 0;
    for (int i = 0; i < values.size(); i++) {
      int p = i % partitions;
      Optional<Event> parsed = validate(values.get(i));
      if (parsed.isEmpty() || parsed.get().ts() > futureLimit) {
        invalid++;
        continue;
      }
      valid++;
      Event event = parsed.get();
      boolean hasWatermark = maxTs[p] != Long.MIN_VALUE;
      long watermark = hasWatermark ? maxTs[p] - watermarkDelayMillis : Long.MIN_VALUE;
      boolean behind = hasWatermark && event.ts() < watermark;
      if (behind) {
        eventsBehind++;
      }
      long kept = 0;
      for (long[] window : windowsOf(event.ts())) {
        assignments++;
        long closes = window[1] - 1 + allowedLatenessMillis;
        if (hasWatermark && closes < watermark) {
          dropped++;
          continue;
        }
        if (behind) {
          countedBehind++;
        }
        counts.merge(new WindowKey(window[0], window[1], event.eventType()), 1L, Long::sum);
        kept++;
      }
      if (kept == 0) {
        eventsDropped++;
      }
      maxTs[p] = Math.max(maxTs[p], event.ts());
    }
    return new Result(counts, valid, invalid, assignments, dropped, countedBehind, eventsBehind, eventsDropped);
  }

  /** UTC ISO-8601 with milliseconds, e.g. {@code 2024-03-10T08:00:00.000Z}. */
  public static String isoMillis(long epochMillis) {
    return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
  }

  /** One FINAL.jsonl line: {@code {"window":{"start":..,"end":..},"event_type":..,"event_count":N}}. */
  public static String resultLine(WindowKey key, long count) {
    ObjectNode line = MAPPER.createObjectNode();
    ObjectNode window = line.putObject("window");
    window.put("start", isoMillis(key.startMillis()));
    window.put("end", isoMillis(key.endMillis()));
    line.put("event_type", key.eventType());
    line.put("event_count", count);
    try {
      return MAPPER.writeValueAsString(line);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
