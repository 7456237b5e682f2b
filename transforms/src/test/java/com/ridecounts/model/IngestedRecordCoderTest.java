package com.ridecounts.model;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IngestedRecordCoderTest {
  @Test
  void roundTripsValidAndInvalidRecordsWithTheirSource() throws Exception {
    SourcePosition p0 = new SourcePosition("ride_events", 0, 17L, 1_710_057_600_000L);
    SourcePosition p1 = new SourcePosition("ride_events", 1, 0L, 1_710_057_600_123L);
    CoderTestSupport.assertRoundTrips(
        IngestedRecordCoder.of(),
        new IngestedRecord(ParsedRecord.valid(new RideEvent("e-1", "u-1", "ride_started", 3.5, 1L)), p0),
        new IngestedRecord(ParsedRecord.valid(new RideEvent("e-2", "u-2", null, null, 2L)), p1),
        new IngestedRecord(ParsedRecord.invalid(null, RejectReason.NULL_VALUE, "record value is null"), p0),
        new IngestedRecord(
            ParsedRecord.invalid(
                "{\"event_id\":\"e1\"}".getBytes(StandardCharsets.UTF_8),
                RejectReason.MISSING_FIELD,
                "required field user_id is missing"),
            p1));
  }
}
