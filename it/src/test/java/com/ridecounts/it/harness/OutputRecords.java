package com.ridecounts.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict readers of the job's two output formats, written from their documentation (not with the job's classes):
 * every field must be present with its documented JSON type, and no other field may appear.
 */
public final class OutputRecords {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** UTC ISO-8601 with exactly three fractional digits, e.g. {@code 2024-03-10T08:00:00.000Z}. */
  public static final Pattern ISO_MILLIS = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

  private OutputRecords() {}

  /** One pane of a count, as written to the counts topic. */
  public record CountPane(WindowKey key, long count, long paneIndex, String timing, boolean isFinal) {}

  /** One dead letter, as written to the dead-letter topic. */
  public record DeadLetter(
      String reason,
      String detail,
      String sourceTopic,
      int sourcePartition,
      long sourceOffset,
      long sourceTimestampMs,
      String payloadBase64) {}

  /**
   * Parses a counts-topic value: {@code {"window":{"start":ISO,"end":ISO},"event_type":string|null,
   * "event_count":int,"pane":{"index":int,"timing":EARLY|ON_TIME|LATE,"final":bool}}}.
   */
  public static CountPane parseCountPane(String value) {
    JsonNode node = readObject(value);
    requireFields(node, value, "window", "event_type", "event_count", "pane");
    JsonNode window = node.get("window");
    requireFields(window, value, "start", "end");
    JsonNode type = node.get("event_type");
    check(type.isNull() || type.isTextual(), "event_type must be a string or null", value);
    JsonNode count = node.get("event_count");
    check(count.isIntegralNumber(), "event_count must be an integer", value);
    JsonNode pane = node.get("pane");
    requireFields(pane, value, "index", "timing", "final");
    check(pane.get("index").isIntegralNumber(), "pane.index must be an integer", value);
    String timing = textual(pane.get("timing"), "pane.timing", value);
    check(Set.of("EARLY", "ON_TIME", "LATE").contains(timing), "unknown pane.timing " + timing, value);
    check(pane.get("final").isBoolean(), "pane.final must be a boolean", value);
    WindowKey key =
        new WindowKey(
            isoInstant(window.get("start"), "window.start", value),
            isoInstant(window.get("end"), "window.end", value),
            type.isNull() ? null : type.textValue());
    return new CountPane(
        key, count.longValue(), pane.get("index").longValue(), timing, pane.get("final").booleanValue());
  }

  /**
   * Parses a dead-letter value: {@code {"reason":CODE,"detail":string,"source":{"topic":string,"partition":int,
   * "offset":int,"timestamp_ms":int},"payload_base64":string|null}}.
   */
  public static DeadLetter parseDeadLetter(String value) {
    JsonNode node = readObject(value);
    requireFields(node, value, "reason", "detail", "source", "payload_base64");
    JsonNode source = node.get("source");
    requireFields(source, value, "topic", "partition", "offset", "timestamp_ms");
    for (String f : List.of("partition", "offset", "timestamp_ms")) {
      check(source.get(f).isIntegralNumber(), "source." + f + " must be an integer", value);
    }
    JsonNode payload = node.get("payload_base64");
    check(payload.isNull() || payload.isTextual(), "payload_base64 must be a string or null", value);
    return new DeadLetter(
        textual(node.get("reason"), "reason", value),
        textual(node.get("detail"), "detail", value),
        textual(source.get("topic"), "source.topic", value),
        source.get("partition").intValue(),
        source.get("offset").longValue(),
        source.get("timestamp_ms").longValue(),
        payload.isNull() ? null : payload.textValue());
  }

  /** Reads FINAL.jsonl-style lines into (key, count) pairs, checking the exact field set of each line. */
  public static List<java.util.Map.Entry<WindowKey, Long>> parseResultLines(List<String> lines) {
    List<java.util.Map.Entry<WindowKey, Long>> results = new ArrayList<>();
    for (String line : lines) {
      JsonNode node = readObject(line);
      requireFields(node, line, "window", "event_type", "event_count");
      JsonNode window = node.get("window");
      requireFields(window, line, "start", "end");
      JsonNode type = node.get("event_type");
      check(type.isNull() || type.isTextual(), "event_type must be a string or null", line);
      check(node.get("event_count").isIntegralNumber(), "event_count must be an integer", line);
      results.add(
          java.util.Map.entry(
              new WindowKey(
                  isoInstant(window.get("start"), "window.start", line),
                  isoInstant(window.get("end"), "window.end", line),
                  type.isNull() ? null : type.textValue()),
              node.get("event_count").longValue()));
    }
    return results;
  }

  private static JsonNode readObject(String value) {
    try {
      JsonNode node = MAPPER.readTree(value);
      check(node != null && node.isObject(), "not a JSON object", value);
      return node;
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + value, e);
    }
  }

  private static void requireFields(JsonNode node, String value, String... names) {
    check(node != null && node.isObject(), "expected an object", value);
    List<String> actual = new ArrayList<>();
    node.fieldNames().forEachRemaining(actual::add);
    check(actual.equals(List.of(names)), "fields " + actual + " instead of " + List.of(names), value);
  }

  private static String textual(JsonNode node, String name, String value) {
    check(node.isTextual(), name + " must be a string", value);
    return node.textValue();
  }

  private static long isoInstant(JsonNode node, String name, String value) {
    String text = textual(node, name, value);
    check(ISO_MILLIS.matcher(text).matches(), name + " is not ISO-8601 UTC with millis: " + text, value);
    return Instant.parse(text).toEpochMilli();
  }

  private static void check(boolean condition, String message, String value) {
    if (!condition) {
      throw new AssertionError(message + " in " + value);
    }
  }
}
