package com.ridecounts.launcher;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts a job's GC pauses ({@link GcLog}) against the number of events it had read at the time, from progress samples
 * taken while it ran ({@link ConsumerProgress}), and summarises them per tenth of the input: how many pauses, and the
 * highest and lowest heap after a pause. If the job's state is flat in the number of events, the lowest heap after a
 * pause stays level from tenth to tenth.
 */
final class HeapSeries {
  /** Events the job had read at {@code epochMillis}. */
  record Progress(long epochMillis, long eventsRead) {}

  /** A GC pause with the events read when it happened. */
  record Point(long eventsRead, GcLog.Pause pause) {}

  /** The pauses while the job read the {@code tenth}-th tenth of the input (1..10; 10 includes the settling after). */
  record Tenth(int tenth, int pauses, double maxAfterMb, double minAfterMb) {}

  private HeapSeries() {}

  /** Each pause with the events read at the latest progress sample at or before it (0 before the first sample). */
  static List<Point> points(List<Progress> progress, List<GcLog.Pause> pauses) {
    List<Point> points = new ArrayList<>();
    for (GcLog.Pause pause : pauses) {
      long read = 0;
      for (Progress p : progress) {
        if (p.epochMillis() <= pause.epochMillis()) {
          read = Math.max(read, p.eventsRead());
        }
      }
      points.add(new Point(read, pause));
    }
    return points;
  }

  /** The points grouped by tenth of {@code totalEvents} read; a tenth without pauses is left out. */
  static List<Tenth> perTenth(List<Point> points, long totalEvents) {
    List<Tenth> tenths = new ArrayList<>();
    for (int tenth = 1; tenth <= 10; tenth++) {
      int pauses = 0;
      double max = 0;
      double min = Double.MAX_VALUE;
      for (Point p : points) {
        if (tenthOf(p.eventsRead(), totalEvents) == tenth) {
          pauses++;
          max = Math.max(max, p.pause().afterMb());
          min = Math.min(min, p.pause().afterMb());
        }
      }
      if (pauses > 0) {
        tenths.add(new Tenth(tenth, pauses, max, min));
      }
    }
    return tenths;
  }

  /** 1 for up to a tenth of the events read (0 included), ..., 10 for the last tenth and beyond. */
  static int tenthOf(long eventsRead, long totalEvents) {
    if (eventsRead <= 0) {
      return 1;
    }
    long tenth = (eventsRead * 10 + totalEvents - 1) / totalEvents; // ceil(read / (total / 10))
    return (int) Math.min(10, Math.max(1, tenth));
  }
}
