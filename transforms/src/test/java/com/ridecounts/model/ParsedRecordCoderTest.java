package com.ridecounts.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class ParsedRecordCoderTest {
  private static final ParsedRecordCoder CODER = ParsedRecordCoder.of();

  @Test
  void roundTripsValidAndInvalidRecords() throws Exception {
    CoderTestSupport.assertRoundTrips(
        CODER,
        ParsedRecord.valid(new RideEvent("e-1", "u-1", "ride_started", 3.5, 1_710_057_610_000L)),
        ParsedRecord.valid(new RideEvent("e-2", "u-1", null, null, 0L)),
        ParsedRecord.invalid(null, RejectReason.NULL_VALUE, "record value is null"),
        ParsedRecord.invalid(new byte[0], RejectReason.EMPTY_VALUE, "record value is empty"),
        ParsedRecord.invalid(
            "{\"ts\":\"x\"}".getBytes(StandardCharsets.UTF_8), RejectReason.WRONG_TYPE, "ts must be an integer"),
        ParsedRecord.invalid(new byte[] {(byte) 0xFF, 0, (byte) 0xC3}, RejectReason.MALFORMED_JSON, "bad \u00e9"));
  }

  @Test
  void everyRejectReasonRoundTrips() throws Exception {
    for (RejectReason reason : RejectReason.values()) {
      ParsedRecord record = ParsedRecord.invalid(new byte[] {1, 2, 3}, reason, "because " + reason);
      ParsedRecord decoded = CoderUtils.clone(CODER, record);
      assertEquals(reason, decoded.reason());
      assertEquals("because " + reason, decoded.detail());
    }
  }

  @Test
  void tombstoneKeepsANullPayloadDistinctFromAnEmptyOne() throws Exception {
    ParsedRecord tombstone = CoderUtils.clone(CODER, ParsedRecord.invalid(null, RejectReason.NULL_VALUE, "null"));
    ParsedRecord empty = CoderUtils.clone(CODER, ParsedRecord.invalid(new byte[0], RejectReason.NULL_VALUE, "null"));
    assertFalse(tombstone.isValid());
    assertNull(tombstone.payload());
    assertArrayEquals(new byte[0], empty.payload());
  }

  @Test
  void recordsFromTheParserRoundTrip() throws Exception {
    for (String value :
        new String[] {
          "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":5,\"amount\":1}", "[1]", "{\"event_id\":\"e\"}", "x", " "
        }) {
      ParsedRecord parsed = RideEventParser.parse(value.getBytes(StandardCharsets.UTF_8));
      CoderTestSupport.assertRoundTrips(CODER, parsed);
    }
    ParsedRecord valid = CoderUtils.clone(CODER, RideEventParser.parse(
        "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":5}".getBytes(StandardCharsets.UTF_8)));
    assertTrue(valid.isValid());
    assertEquals(new RideEvent("e", "u", null, null, 5L), valid.event());
  }
}
