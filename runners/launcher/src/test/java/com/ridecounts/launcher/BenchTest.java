package com.ridecounts.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchTest {
  @Test
  void perSystemSizesAreSystemEqualsCountPairs() {
    assertEquals(Map.of("direct", 200_000L, "flink", 1_000_000L), Bench.parseSizes("direct=200000, flink=1000000"));
    assertEquals(Map.of(), Bench.parseSizes(""));
    assertThrows(IllegalArgumentException.class, () -> Bench.parseSizes("direct"));
  }
}
