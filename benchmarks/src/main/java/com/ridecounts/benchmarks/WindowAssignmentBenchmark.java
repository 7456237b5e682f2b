package com.ridecounts.benchmarks;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The job's window assignment: {@code SlidingWindows} of 1 minute every 30 s (each event in two windows), as the
 * runners call it once per event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WindowAssignmentBenchmark {
  private final SlidingWindows windows =
      SlidingWindows.of(Duration.standardMinutes(1)).every(Duration.standardSeconds(30));
  private final EventTime context = new EventTime(windows);
  private int next;

  @Benchmark
  public Collection<IntervalWindow> assignSlidingWindows() throws Exception {
    next = (next + 1) % SampleRecords.COUNT;
    context.timestamp = new Instant(SampleRecords.ts(next));
    return windows.assignWindows(context);
  }

  /** The assignment context of one event: only its timestamp matters to sliding windows. */
  static final class EventTime extends WindowFn<Object, IntervalWindow>.AssignContext {
    private Instant timestamp = Instant.EPOCH;

    @SuppressWarnings("unchecked")
    EventTime(SlidingWindows windows) {
      ((WindowFn<Object, IntervalWindow>) (WindowFn<?, ?>) windows).super();
    }

    @Override
    public Object element() {
      return "";
    }

    @Override
    public Instant timestamp() {
      return timestamp;
    }

    @Override
    public BoundedWindow window() {
      return GlobalWindow.INSTANCE;
    }
  }
}
