package com.ridecounts.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GcLogTest {
  /** Lines as JDK 17's G1 writes them with -Xlog:gc:file=F:timemillis. */
  private static final List<String> LOG =
      List.of(
          "[1795662327403ms] Using G1",
          "[1795662330001ms] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 2.345ms",
          "[1795662331000ms] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation) 120M->96M(256M) 5.1ms",
          "[1795662331010ms] GC(2) Concurrent Mark Cycle",
          "[1795662331100ms] GC(2) Pause Remark 100M->100M(256M) 1.2ms",
          "[1795662331200ms] GC(2) Pause Cleanup 100M->100M(256M) 0.1ms",
          "[1795662331300ms] GC(2) Concurrent Mark Cycle 290.000ms",
          "[1795662332000ms] GC(3) Pause Young (Mixed) (G1 Evacuation Pause) 2G->1536M(4096M) 9.0ms",
          "[1795662333000ms] GC(4) Pause Full (Class Histogram) 310M->87M(1024M) 140.2ms",
          "[1795662334000ms] GC(5) Pause Young (Normal) (G1 Evacuation Pause) 512K->256K(8M) 0.5ms");

  @Test
  void readsEveryEvacuatingPauseWithTheHeapAfterIt() {
    List<GcLog.Pause> pauses = GcLog.parse(LOG);
    assertEquals(5, pauses.size(), "young, concurrent-start young, mixed, full and the one in K");
    assertEquals(new GcLog.Pause(1795662330001L, "Pause Young (Normal) (G1 Evacuation Pause)", 3, 256), pauses.get(0));
    assertEquals(96, pauses.get(1).afterMb());
    assertEquals(1536, pauses.get(2).afterMb());
    assertEquals(4096, pauses.get(2).committedMb());
    assertEquals("Pause Full (Class Histogram)", pauses.get(3).kind());
    assertTrue(pauses.get(3).full());
    assertFalse(pauses.get(0).full());
    assertEquals(0.25, pauses.get(4).afterMb());
  }

  @Test
  void remarkAndCleanupDoNotCountAsCollections() {
    assertTrue(GcLog.parse(List.of(LOG.get(4), LOG.get(5))).isEmpty());
  }
}
