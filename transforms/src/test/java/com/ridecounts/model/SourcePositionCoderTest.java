package com.ridecounts.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.jupiter.api.Test;

class SourcePositionCoderTest {
  @Test
  void roundTripsPositions() throws Exception {
    CoderTestSupport.assertRoundTrips(
        SourcePositionCoder.of(),
        new SourcePosition("ride_events", 0, 0L, 1_710_057_600_000L),
        new SourcePosition("ride_events", 11, Long.MAX_VALUE, 0L),
        new SourcePosition("t\u00f6pic.with-dots_", Integer.MAX_VALUE, 17L, -1L));
  }

  @Test
  void isDeterministic() throws Exception {
    assertDoesNotThrow(() -> SourcePositionCoder.of().verifyDeterministic());
    CoderProperties.coderDeterministic(
        SourcePositionCoder.of(), new SourcePosition("t", 1, 2L, 3L), new SourcePosition("t", 1, 2L, 3L));
  }

  @Test
  void idIsTopicPartitionOffset() {
    assertEquals("ride_events/3/1234", new SourcePosition("ride_events", 3, 1234L, 99L).id());
  }
}
