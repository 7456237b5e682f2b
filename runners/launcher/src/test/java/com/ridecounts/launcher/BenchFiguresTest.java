package com.ridecounts.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Ratios of each system's throughput to the reference's and to the ceiling's. */
class BenchFiguresTest {
  static BenchFigures row(String system, Double eventsPerS) {
    return new BenchFigures(
        system, null, 1_000, 2.0, eventsPerS, eventsPerS, 300.0, 100L, 900L, 1_000L, 50L, 0L, 512.0, 256.0, null, null);
  }

  @Test
  void ratiosAreTheRateOverTheReferenceAndTheCeilingRates() {
    List<BenchFigures> rows =
        BenchFigures.withRatios(
            List.of(row("direct", 1_000.0), row("reference", 80_000.0), row(Bench.CEILING, 500_000.0)));
    assertEquals(1_000.0 / 80_000.0, rows.get(0).ratioToReference(), 1e-12);
    assertEquals(1_000.0 / 500_000.0, rows.get(0).ratioToCeiling(), 1e-12);
    assertEquals(1.0, rows.get(1).ratioToReference(), 1e-12);
    assertEquals(80_000.0 / 500_000.0, rows.get(1).ratioToCeiling(), 1e-12);
    assertEquals(1.0, rows.get(2).ratioToCeiling(), 1e-12);
    // the other figures are kept
    assertEquals(rows.get(0).latencyP99Ms(), 900L);
    assertEquals("direct", rows.get(0).system());
  }

  @Test
  void withoutAReferenceOrACeilingRateTheRatioIsUnknown() {
    List<BenchFigures> rows =
        BenchFigures.withRatios(List.of(row("spark", 5_000.0), row("reference", null), row(Bench.CEILING, 0.0)));
    assertNull(rows.get(0).ratioToReference());
    assertNull(rows.get(0).ratioToCeiling());
    List<BenchFigures> alone = BenchFigures.withRatios(List.of(row("flink", 5_000.0)));
    assertNull(alone.get(0).ratioToReference());
    assertNull(alone.get(0).ratioToCeiling());
  }

  @Test
  void maxOfOptionalValues() {
    assertEquals(3.0, BenchFigures.max(3.0, 2.0));
    assertEquals(2.0, BenchFigures.max(null, 2.0));
    assertEquals(3.0, BenchFigures.max(3.0, null));
    assertNull(BenchFigures.max(null, null));
  }
}
