package com.ridecounts.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceOptionsTest {
  @Test
  void seedDefaults() {
    ReferenceOptions o = new ReferenceOptions(Map.of());
    assertEquals("latest", o.startingOffsets);
    assertEquals(500_000, o.maxOffsetsPerTrigger);
    assertEquals(600, o.watermarkDelaySeconds);
    assertEquals(30, o.triggerIntervalSeconds);
    assertEquals("update", o.outputMode);
    assertEquals(Runtime.getRuntime().availableProcessors(), o.shufflePartitions);
  }

  @Test
  void projectOptionNames() {
    ReferenceOptions o =
        new ReferenceOptions(
            Map.of(
                "startingOffsets", "EARLIEST", "allowedLatenessSeconds", "60", "watermarkDelaySeconds", "5",
                "outputMode", "APPEND", "sparkMaster", "local[3]", "deadLetterTopic", "dlq"));
    assertEquals("earliest", o.startingOffsets);
    assertEquals(65, o.watermarkDelaySeconds);
    assertEquals("append", o.outputMode);
    assertEquals(3, o.shufflePartitions);
    assertEquals(java.util.Set.of("deadLetterTopic"), o.ignored);
  }

  @Test
  void unknownOptionIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> new ReferenceOptions(Map.of("windowSize", "60")));
  }
}
