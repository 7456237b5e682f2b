package com.ridecounts.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The dead-letter value format: the reason, where the record came from, and the original value bytes in base64
 * (null for a tombstone), so nothing about the rejected record is lost:
 *
 * <pre>{@code
 * {"reason":"MISSING_FIELD","detail":"required field ts is missing",
 *  "source":{"topic":"ride_events","partition":0,"offset":17,"timestamp_ms":1710057600000},
 *  "payload_base64":"eyJldmVudF9pZCI6ImUxIn0="}
 * }</pre>
 *
 * <p>A dead letter must fit on the dead-letter topic whatever the input was: an original larger than the limit
 * given to {@link #toJson} (the {@code --deadLetterMaxPayloadBytes} option, below the broker's {@code
 * message.max.bytes} and the producer's {@code max.request.size} once base64 adds a third) keeps only its first bytes,
 * and the record says so: {@code "payload_truncated":true,"payload_size_bytes":N,"payload_sha256":"<hex of the whole
 * original>"}, which identifies the original in the input topic. The detail is cut at {@value #MAX_DETAIL_CHARS}
 * characters.
 */
public final class DeadLetterJson {
  private static final JsonFactory FACTORY = new JsonFactory();
  static final int MAX_DETAIL_CHARS = 1000;

  private DeadLetterJson() {}

  /**
   * Encodes a dead letter as the dead-letter topic's JSON value, keeping at most {@code maxPayloadBytes} of the
   * original.
   */
  public static String toJson(DeadLetter letter, int maxPayloadBytes) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("reason", letter.reason().name());
      String detail = letter.detail();
      json.writeStringField(
          "detail", detail.length() <= MAX_DETAIL_CHARS ? detail : detail.substring(0, MAX_DETAIL_CHARS) + "...");
      json.writeObjectFieldStart("source");
      json.writeStringField("topic", letter.source().topic());
      json.writeNumberField("partition", letter.source().partition());
      json.writeNumberField("offset", letter.source().offset());
      json.writeNumberField("timestamp_ms", letter.source().kafkaTimestampMillis());
      json.writeEndObject();
      byte[] payload = letter.payload();
      if (payload == null || payload.length <= maxPayloadBytes) {
        json.writeStringField("payload_base64", payload == null ? null : Base64.getEncoder().encodeToString(payload));
      } else {
        json.writeStringField(
            "payload_base64", Base64.getEncoder().encodeToString(Arrays.copyOf(payload, maxPayloadBytes)));
        json.writeBooleanField("payload_truncated", true);
        json.writeNumberField("payload_size_bytes", payload.length);
        json.writeStringField("payload_sha256", sha256Hex(payload));
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
