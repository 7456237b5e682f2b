package com.ridecounts.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Peak heap from a unified GC log ({@code -Xlog:gc}), as JDK 17's G1 writes it. */
class GcLogHeapTest {
  private static final String G1_LOG =
      String.join(
          "\n",
          "[0.005s][info][gc] Using G1",
          "[1.234s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 2.345ms",
          "[3.100s][info][gc] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation) 312M->140M(512M) 9.1ms",
          "[3.101s][info][gc] GC(2) Concurrent Mark Cycle",
          "[3.200s][info][gc] GC(2) Pause Remark 150M->150M(512M) 1.002ms",
          "[3.300s][info][gc] GC(2) Pause Cleanup 151M->151M(512M) 0.1ms",
          "[3.400s][info][gc] GC(2) Concurrent Mark Cycle 299.876ms",
          "[9.000s][info][gc] GC(3) Pause Full (System.gc()) 1G->180M(1G) 80.0ms",
          "[9.500s][info][gc] GC(4) Pause Young (Normal) (G1 Evacuation Pause) 2048K->1024K(1024M) 0.5ms",
          "");

  @Test
  void thePeakIsTheLargestHeapBeforeACollectionInAnyUnit() {
    GcLogHeap heap = GcLogHeap.parse(G1_LOG);
    assertEquals(6, heap.collections());
    assertEquals(1024.0, heap.peakUsedMb(), 1e-9); // the 1G before the full GC
    assertEquals(180.0, heap.maxAfterGcMb(), 1e-9);
  }

  @Test
  void kilobytesAreConverted() {
    GcLogHeap heap = GcLogHeap.parse("[0.1s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 3072K->512K(8M) 1ms");
    assertEquals(3.0, heap.peakUsedMb(), 1e-9);
    assertEquals(0.5, heap.maxAfterGcMb(), 1e-9);
  }

  @Test
  void aLogWithoutCollectionsHasNoFigures(@TempDir Path dir) throws Exception {
    assertNull(GcLogHeap.parse("[0.005s][info][gc] Using G1\n"));
    assertNull(GcLogHeap.read(dir.resolve("missing.log")));
    Path log = dir.resolve("gc.log");
    Files.writeString(log, G1_LOG);
    assertEquals(1024.0, GcLogHeap.read(log).peakUsedMb(), 1e-9);
  }
}
