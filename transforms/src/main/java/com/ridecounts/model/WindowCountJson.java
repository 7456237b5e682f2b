package com.ridecounts.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The output value format, compatible with the seed job's {@code to_json(struct(*))} of {@code (window, event_type,
 * event_count)} plus pane metadata:
 *
 * <pre>{@code
 * {"window":{"start":"2024-03-10T08:00:00.000Z","end":"2024-03-10T08:01:00.000Z"},
 *  "event_type":"ride_started","event_count":42,
 *  "pane":{"index":0,"timing":"EARLY","final":false}}
 * }</pre>
 *
 * Times are UTC ISO-8601 with milliseconds; {@code event_type} is JSON null for events without a type.
 */
public final class WindowCountJson {
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private WindowCountJson() {}

  /** Formats epoch milliseconds as UTC ISO-8601 with milliseconds, e.g. {@code 2024-03-10T08:00:00.000Z}. */
  public static String isoMillis(long epochMillis) {
    return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
  }

  /** Encodes one pane as the output JSON value. */
  public static String toJson(WindowCount count) {
    return encode(count, true);
  }

  /**
   * Encodes only the result, without the pane metadata: exactly the seed job's {@code (window, event_type,
   * event_count)} row. The replay tool writes final counts this way, since pane indexes depend on firing timing.
   */
  public static String toResultJson(WindowCount count) {
    return encode(count, false);
  }

  private static String encode(WindowCount count, boolean withPane) {
    StringWriter out = new StringWriter(192);
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.writeStartObject();
      json.writeObjectFieldStart("window");
      json.writeStringField("start", isoMillis(count.windowStartMillis()));
      json.writeStringField("end", isoMillis(count.windowEndMillis()));
      json.writeEndObject();
      json.writeStringField("event_type", count.eventType());
      json.writeNumberField("event_count", count.count());
      if (withPane) {
        json.writeObjectFieldStart("pane");
        json.writeNumberField("index", count.paneIndex());
        json.writeStringField("timing", count.timing().name());
        json.writeBooleanField("final", count.isFinal());
        json.writeEndObject();
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Decodes an output value written by {@link #toJson}; for consumers, the replay tool and tests. */
  public static WindowCount fromJson(String value) {
    try {
      JsonNode node = MAPPER.readTree(value);
      JsonNode window = node.required("window");
      JsonNode pane = node.required("pane");
      JsonNode type = node.required("event_type");
      return new WindowCount(
          Instant.parse(window.required("start").asText()).toEpochMilli(),
          Instant.parse(window.required("end").asText()).toEpochMilli(),
          type.isNull() ? null : type.asText(),
          node.required("event_count").asLong(),
          pane.required("index").asLong(),
          WindowCount.Timing.valueOf(pane.required("timing").asText()),
          pane.required("final").asBoolean());
    } catch (IOException e) {
      throw new UncheckedIOException("not a window count: " + value, e);
    }
  }
}
