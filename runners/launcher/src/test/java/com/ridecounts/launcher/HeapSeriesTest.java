package com.ridecounts.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeapSeriesTest {
  private static GcLog.Pause pause(long at, double afterMb) {
    return new GcLog.Pause(at, "Pause Young (Normal) (G1 Evacuation Pause)", afterMb, 1024);
  }

  @Test
  void eachPauseGetsTheEventsReadAtTheLatestSampleBeforeIt() {
    List<HeapSeries.Progress> progress =
        List.of(new HeapSeries.Progress(1_000, 0), new HeapSeries.Progress(3_000, 500),
            new HeapSeries.Progress(5_000, 900));
    List<HeapSeries.Point> points =
        HeapSeries.points(progress, List.of(pause(500, 10), pause(3_000, 20), pause(4_999, 30), pause(9_000, 40)));
    assertEquals(List.of(0L, 500L, 500L, 900L), points.stream().map(HeapSeries.Point::eventsRead).toList());
  }

  @Test
  void tenthsRunFromOneToTenAndKeepTheEndInTheLast() {
    assertEquals(1, HeapSeries.tenthOf(0, 1_000));
    assertEquals(1, HeapSeries.tenthOf(100, 1_000));
    assertEquals(2, HeapSeries.tenthOf(101, 1_000));
    assertEquals(10, HeapSeries.tenthOf(1_000, 1_000));
    assertEquals(10, HeapSeries.tenthOf(1_050, 1_000)); // a runner can commit a little past the end it was given
  }

  @Test
  void summarisesThePausesOfEachTenth() {
    List<HeapSeries.Point> points =
        List.of(
            new HeapSeries.Point(50, pause(1, 100)),
            new HeapSeries.Point(90, pause(2, 80)),
            new HeapSeries.Point(950, pause(3, 120)),
            new HeapSeries.Point(1_000, pause(4, 90)));
    assertEquals(
        List.of(new HeapSeries.Tenth(1, 2, 100, 80), new HeapSeries.Tenth(10, 2, 120, 90)),
        HeapSeries.perTenth(points, 1_000));
  }
}
