package com.ridecounts.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DeadLetterJsonTest {
  private static final SourcePosition SOURCE = new SourcePosition("ride_events", 0, 17L, 1_710_057_600_000L);

  @Test
  void exactFormatOfTheDocumentedExample() {
    DeadLetter letter =
        new DeadLetter(
            SOURCE,
            RejectReason.MISSING_FIELD,
            "required field ts is missing",
            "{\"event_id\":\"e1\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals(
        "{\"reason\":\"MISSING_FIELD\",\"detail\":\"required field ts is missing\","
            + "\"source\":{\"topic\":\"ride_events\",\"partition\":0,\"offset\":17,\"timestamp_ms\":1710057600000},"
            + "\"payload_base64\":\"eyJldmVudF9pZCI6ImUxIn0=\"}",
        DeadLetterJson.toJson(letter, 1024));
  }

  @Test
  void tombstonePayloadIsJsonNull() throws Exception {
    String json =
        DeadLetterJson.toJson(
            new DeadLetter(
                new SourcePosition("t", 5, 0L, 1L), RejectReason.NULL_VALUE, "record value is null", null),
            1024);
    assertEquals(
        "{\"reason\":\"NULL_VALUE\",\"detail\":\"record value is null\","
            + "\"source\":{\"topic\":\"t\",\"partition\":5,\"offset\":0,\"timestamp_ms\":1},"
            + "\"payload_base64\":null}",
        json);
    assertTrue(new ObjectMapper().readTree(json).get("payload_base64").isNull());
  }

  @Test
  void emptyPayloadIsAnEmptyStringNotNull() throws Exception {
    JsonNode node =
        new ObjectMapper()
            .readTree(DeadLetterJson.toJson(new DeadLetter(SOURCE, RejectReason.EMPTY_VALUE, "empty", new byte[0]), 1024));
    assertTrue(node.get("payload_base64").isTextual());
    assertEquals("", node.get("payload_base64").asText());
  }

  @Test
  void binaryPayloadAndAwkwardDetailSurviveAsJson() throws Exception {
    byte[] payload = {(byte) 0xFF, 0x00, (byte) 0xC3, '"', '\\', '\n', (byte) 0x80};
    String detail = "Unexpected character ('\"' (code 34))\tat \\ line 1\n\u00e9";
    String json = DeadLetterJson.toJson(new DeadLetter(SOURCE, RejectReason.MALFORMED_JSON, detail, payload), 1024);
    JsonNode node = new ObjectMapper().readTree(json);
    assertEquals("MALFORMED_JSON", node.get("reason").asText());
    assertEquals(detail, node.get("detail").asText());
    assertArrayEquals(payload, Base64.getDecoder().decode(node.get("payload_base64").asText()));
    assertEquals("ride_events", node.at("/source/topic").asText());
    assertEquals(0, node.at("/source/partition").asInt());
    assertEquals(17L, node.at("/source/offset").asLong());
    assertEquals(1_710_057_600_000L, node.at("/source/timestamp_ms").asLong());
    assertEquals(4, node.size(), "reason, detail, source, payload_base64");
  }

  @Test
  void anOriginalOverTheLimitIsTruncatedAndIdentifiedBySizeAndHash() throws Exception {
    byte[] payload = new byte[3000];
    new java.util.Random(7).nextBytes(payload);
    String json =
        DeadLetterJson.toJson(new DeadLetter(SOURCE, RejectReason.MALFORMED_JSON, "x".repeat(5000), payload), 1024);
    JsonNode node = new ObjectMapper().readTree(json);
    assertArrayEquals(
        java.util.Arrays.copyOf(payload, 1024), Base64.getDecoder().decode(node.get("payload_base64").asText()));
    assertTrue(node.get("payload_truncated").asBoolean());
    assertEquals(3000, node.get("payload_size_bytes").asInt());
    assertEquals(
        java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(payload)),
        node.get("payload_sha256").asText());
    assertEquals(DeadLetterJson.MAX_DETAIL_CHARS + 3, node.get("detail").asText().length());
  }

  @Test
  void anOriginalAtTheLimitIsKeptWhole() throws Exception {
    byte[] payload = new byte[1024];
    JsonNode node =
        new ObjectMapper()
            .readTree(DeadLetterJson.toJson(new DeadLetter(SOURCE, RejectReason.MALFORMED_JSON, "d", payload), 1024));
    assertEquals(1024, Base64.getDecoder().decode(node.get("payload_base64").asText()).length);
    assertEquals(4, node.size(), "no truncation fields");
  }

  @Test
  void largeOffsetsAndTimestampsAreWrittenAsNumbers() throws Exception {
    SourcePosition far = new SourcePosition("ride_events", Integer.MAX_VALUE, Long.MAX_VALUE, -1L);
    JsonNode node =
        new ObjectMapper().readTree(DeadLetterJson.toJson(new DeadLetter(far, RejectReason.TRAILING_DATA, "d", null), 1024));
    assertTrue(node.at("/source/offset").isIntegralNumber());
    assertEquals(Long.MAX_VALUE, node.at("/source/offset").asLong());
    assertEquals(Integer.MAX_VALUE, node.at("/source/partition").asInt());
    assertEquals(-1L, node.at("/source/timestamp_ms").asLong());
  }
}
