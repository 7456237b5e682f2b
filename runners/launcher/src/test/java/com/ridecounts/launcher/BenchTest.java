package com.ridecounts.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchTest {
  @Test
  void perSystemValuesAreSystemEqualsNumberPairs() {
    assertEquals(
        Map.of("direct", 200_000L, "flink", 1_000_000L),
        Bench.parsePerSystem("eventsPerSystem", "direct=200000, flink=1000000"));
    assertEquals(Map.of(), Bench.parsePerSystem("ratePerSystem", ""));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Bench.parsePerSystem("ratePerSystem", "direct"));
    assertEquals("--ratePerSystem wants SYSTEM=N[,SYSTEM=N...], got direct", e.getMessage());
  }
}
