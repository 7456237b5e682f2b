package com.ridecounts.model;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class DeadLetterCoderTest {
  private static final SourcePosition SOURCE = new SourcePosition("ride_events", 2, 99L, 1_710_057_600_000L);

  @Test
  void roundTripsDeadLettersForEveryReason() throws Exception {
    for (RejectReason reason : RejectReason.values()) {
      CoderTestSupport.assertRoundTrips(
          DeadLetterCoder.of(),
          new DeadLetter(SOURCE, reason, "detail of " + reason, "{\"x\":1}".getBytes(StandardCharsets.UTF_8)),
          new DeadLetter(SOURCE, reason, "", new byte[0]),
          new DeadLetter(SOURCE, reason, "tombstone", null),
          new DeadLetter(SOURCE, reason, "binary \u00e9", new byte[] {(byte) 0xFF, 0, (byte) 0x80}));
    }
  }

  @Test
  void nullPayloadStaysNull() throws Exception {
    DeadLetter decoded =
        CoderUtils.clone(DeadLetterCoder.of(), new DeadLetter(SOURCE, RejectReason.NULL_VALUE, "null", null));
    assertNull(decoded.payload());
  }
}
