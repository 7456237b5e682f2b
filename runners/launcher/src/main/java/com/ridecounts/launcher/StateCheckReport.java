package com.ridecounts.launcher;

import java.util.List;
import java.util.Locale;

/**
 * The text {@code statecheck} prints and writes to {@code DIR/statecheck.txt}: the run, the expected bound, the live
 * heap after each forced full collection against events read, the heap after GC per tenth of the input, the peak, and
 * the classes that grew most from the first to the last histogram.
 */
final class StateCheckReport {
  private static final double MB = 1024.0 * 1024.0;
  private static final int GROWING_CLASSES = 15;

  /** A class histogram taken when the job had read {@code eventsRead} events. */
  record Live(long eventsRead, ClassHistogram histogram) {}

  private final String runner;
  private final long events;
  private final long spanMinutes;
  private final int partitions;
  private final long heapMb;
  private final String childJavaOpts;
  private final StateBound bound;
  private final List<Live> live;
  private final List<HeapSeries.Point> points;
  private final double jobSeconds;
  private final double peakRssMb;

  StateCheckReport(
      String runner,
      long events,
      long spanMinutes,
      int partitions,
      long heapMb,
      String childJavaOpts,
      StateBound bound,
      List<Live> live,
      List<HeapSeries.Point> points,
      double jobSeconds,
      double peakRssMb) {
    this.runner = runner;
    this.events = events;
    this.spanMinutes = spanMinutes;
    this.partitions = partitions;
    this.heapMb = heapMb;
    this.childJavaOpts = childJavaOpts;
    this.bound = bound;
    this.live = live;
    this.points = points;
    this.jobSeconds = jobSeconds;
    this.peakRssMb = peakRssMb;
  }

  String render() {
    StringBuilder r = new StringBuilder();
    line(r, "statecheck on %s: %,d events over %d min of event time, %d partition(s); job JVM -Xmx%dm %s",
        runner, events, spanMinutes, partitions, heapMb, childJavaOpts);
    line(r, "expected state bound: %d open windows x %d event types = %d (window, event type) keys, whatever the"
        + " number of events", bound.openWindows(), bound.eventTypes(), bound.keys());
    line(r, "read all events in %.1f s (%,.0f events/s); peak RSS of the job JVM %.0f MB", jobSeconds,
        events / jobSeconds, peakRssMb);
    line(r, "live heap after a full GC (jcmd GC.class_histogram) against events read:");
    line(r, "  %14s  %12s", "events read", "live heap MB");
    for (Live l : live) {
      line(r, "  %,14d  %12.1f", l.eventsRead(), l.histogram().totalBytes() / MB);
    }
    line(r, "heap after GC pauses (-Xlog:gc) per tenth of the events read:");
    line(r, "  %6s  %7s  %13s  %13s", "tenth", "pauses", "max after MB", "min after MB");
    for (HeapSeries.Tenth t : HeapSeries.perTenth(points, events)) {
      line(r, "  %6d  %7d  %13.0f  %13.0f", t.tenth(), t.pauses(), t.maxAfterMb(), t.minAfterMb());
    }
    points.stream()
        .max(java.util.Comparator.comparingDouble(p -> p.pause().afterMb()))
        .ifPresent(p -> line(r, "peak heap after GC: %.0f MB (%s, at %,d events read)", p.pause().afterMb(),
            p.pause().kind(), p.eventsRead()));
    if (!points.isEmpty()) {
      HeapSeries.Point last = points.get(points.size() - 1);
      line(r, "heap after the last GC: %.0f MB (%s)", last.pause().afterMb(), last.pause().kind());
    }
    if (live.size() >= 2) {
      Live first = live.get(0);
      Live end = live.get(live.size() - 1);
      line(r, "live heap from %,d to %,d events read: %.1f -> %.1f MB (%+.1f MB)", first.eventsRead(),
          end.eventsRead(), first.histogram().totalBytes() / MB, end.histogram().totalBytes() / MB,
          (end.histogram().totalBytes() - first.histogram().totalBytes()) / MB);
      line(r, "classes whose live bytes grew most over that stretch:");
      for (ClassHistogram.ClassBytes c : ClassHistogram.growth(first.histogram(), end.histogram(), GROWING_CLASSES)) {
        line(r, "  %+10.2f MB  %s", c.bytes() / MB, c.className());
      }
    }
    return r.toString();
  }

  private static void line(StringBuilder r, String format, Object... args) {
    r.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
