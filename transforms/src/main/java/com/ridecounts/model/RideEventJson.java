package com.ridecounts.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * A parsed event written back as schema JSON ({@code event_id}, {@code user_id}, {@code event_type}, {@code amount},
 * {@code ts}). The job keeps the original bytes only of records that fail the schema, so a dead letter for a
 * schema-valid event (a {@link RejectReason#FUTURE_TIMESTAMP}) carries this re-encoding; its source position names the
 * original record in the input topic.
 */
public final class RideEventJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private RideEventJson() {}

  public static String toJson(RideEvent event) {
    StringWriter out = new StringWriter(128);
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("event_id", event.eventId());
      json.writeStringField("user_id", event.userId());
      json.writeStringField("event_type", event.eventType());
      if (event.amount() == null) {
        json.writeNullField("amount");
      } else {
        json.writeNumberField("amount", event.amount());
      }
      json.writeNumberField("ts", event.tsMillis());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
