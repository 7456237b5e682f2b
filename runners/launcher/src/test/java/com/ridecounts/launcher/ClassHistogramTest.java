package com.ridecounts.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassHistogramTest {
  private static List<String> histogram(long bytes, long objectBytes, long total) {
    return List.of(
        "12345:",
        " num     #instances         #bytes  class name (module)",
        "-------------------------------------------------------",
        String.format("   1:        520133       %d  [B (java.base@17.0.15)", bytes),
        String.format("   2:          1000       %d  java.lang.Object (java.base@17.0.15)", objectBytes),
        "   3:            10            480  org.apache.spark.status.LiveStage",
        String.format("Total       2302417      %d", total));
  }

  @Test
  void readsTheTotalAsTheLiveHeap() {
    assertEquals(181_234_992L, ClassHistogram.parse(histogram(100, 50, 181_234_992L)).totalBytes());
  }

  @Test
  void listsTheClassesThatGrewLargestFirst() {
    ClassHistogram before = ClassHistogram.parse(histogram(1_000, 500, 10_000));
    ClassHistogram after =
        ClassHistogram.parse(
            List.of(
                String.format("   1:        520133       %d  [B (java.base@17.0.15)", 4_000),
                String.format("   2:          1000       %d  java.lang.Object (java.base@17.0.15)", 400),
                "   3:            10            480  org.apache.spark.status.LiveStage",
                "   4:            20          9000  org.apache.spark.streaming.ui.BatchUIData",
                "Total       2302417      20000"));
    assertEquals(
        List.of(
            new ClassHistogram.ClassBytes("org.apache.spark.streaming.ui.BatchUIData", 9_000),
            new ClassHistogram.ClassBytes("[B", 3_000)),
        ClassHistogram.growth(before, after, 10), "shrunk and unchanged classes are left out");
    assertEquals(1, ClassHistogram.growth(before, after, 1).size());
  }

  @Test
  void rejectsTextWithoutATotal() {
    assertThrows(IllegalArgumentException.class, () -> ClassHistogram.parse(List.of("12345:", "No such process")));
  }
}
