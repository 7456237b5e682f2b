package com.ridecounts.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * The dead-letter value format: the reason, where the record came from, and the original value bytes in base64
 * (null for a tombstone), so nothing about the rejected record is lost:
 *
 * <pre>{@code
 * {"reason":"MISSING_FIELD","detail":"required field ts is missing",
 *  "source":{"topic":"ride_events","partition":0,"offset":17,"timestamp_ms":1710057600000},
 *  "payload_base64":"eyJldmVudF9pZCI6ImUxIn0="}
 * }</pre>
 */
public final class DeadLetterJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private DeadLetterJson() {}

  /** Encodes a dead letter as the dead-letter topic's JSON value. */
  public static String toJson(DeadLetter letter) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("reason", letter.reason().name());
      json.writeStringField("detail", letter.detail());
      json.writeObjectFieldStart("source");
      json.writeStringField("topic", letter.source().topic());
      json.writeNumberField("partition", letter.source().partition());
      json.writeNumberField("offset", letter.source().offset());
      json.writeNumberField("timestamp_ms", letter.source().kafkaTimestampMillis());
      json.writeEndObject();
      byte[] payload = letter.payload();
      json.writeStringField("payload_base64", payload == null ? null : Base64.getEncoder().encodeToString(payload));
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
