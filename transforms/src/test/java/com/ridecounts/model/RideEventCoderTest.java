package com.ridecounts.model;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class RideEventCoderTest {
  private final RideEventCoder coder = RideEventCoder.of();

  @Test
  void roundTripsEventsWithAndWithoutOptionalFields() throws Exception {
    CoderTestSupport.assertRoundTrips(
        coder,
        new RideEvent("e-1", "u-42", "ride_started", 12.5, 1_710_057_610_000L),
        new RideEvent("e-2", "u-42", null, null, 1_710_057_610_000L),
        new RideEvent("e-3", "u-7", "ride_ended", null, 0L),
        new RideEvent("e-4", "u-7", null, -0.0, RideEventParser.MAX_TS_MILLIS),
        new RideEvent("e-5", "u-8", "", Double.MAX_VALUE, 1L),
        new RideEvent("\u00e9\u00fc\uD83D\uDE95", "\u0000", "r\u00e9servation", Double.MIN_VALUE, 42L));
  }

  @Test
  void nullEventTypeAndEmptyEventTypeEncodeDifferently() throws Exception {
    byte[] nullType = CoderUtils.encodeToByteArray(coder, new RideEvent("e", "u", null, null, 1L));
    byte[] emptyType = CoderUtils.encodeToByteArray(coder, new RideEvent("e", "u", "", null, 1L));
    assertNotEquals(java.util.Arrays.toString(nullType), java.util.Arrays.toString(emptyType));
  }

  @Test
  void declaresItselfNonDeterministicBecauseOfTheDoubleAmount() {
    assertThrows(Coder.NonDeterministicException.class, coder::verifyDeterministic);
  }
}
