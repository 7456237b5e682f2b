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
        DeadLetterJson.toJson(letter));
  }

  @Test
  void tombstonePayloadIsJsonNull() throws Exception {
    String json =
        DeadLetterJson.toJson(
            new DeadLetter(
                new SourcePosition("t", 5, 0L, 1L), RejectReason.NULL_VALUE, "record value is null", null));
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
            .readTree(DeadLetterJson.toJson(new DeadLetter(SOURCE, RejectReason.EMPTY_VALUE, "empty", new byte[0])));
    assertTrue(node.get("payload_base64").isTextual());
    assertEquals("", node.get("payload_base64").asText());
  }

  @Test
  void binaryPayloadAndAwkwardDetailSurviveAsJson() throws Exception {
    byte[] payload = {(byte) 0xFF, 0x00, (byte) 0xC3, '"', '\\', '\n', (byte) 0x80};
    String detail = "Unexpected character ('\"' (code 34))\tat \\ line 1\n\u00e9";
    String json = DeadLetterJson.toJson(new DeadLetter(SOURCE, RejectReason.MALFORMED_JSON, detail, payload));
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
  void largeOffsetsAndTimestampsAreWrittenAsNumbers() throws Exception {
    SourcePosition far = new SourcePosition("ride_events", Integer.MAX_VALUE, Long.MAX_VALUE, -1L);
    JsonNode node =
        new ObjectMapper().readTree(DeadLetterJson.toJson(new DeadLetter(far, RejectReason.TRAILING_DATA, "d", null)));
    assertTrue(node.at("/source/offset").isIntegralNumber());
    assertEquals(Long.MAX_VALUE, node.at("/source/offset").asLong());
    assertEquals(Integer.MAX_VALUE, node.at("/source/partition").asInt());
    assertEquals(-1L, node.at("/source/timestamp_ms").asLong());
  }
}
