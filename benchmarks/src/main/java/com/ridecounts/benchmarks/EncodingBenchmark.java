package com.ridecounts.benchmarks;

import com.ridecounts.model.RideEvent;
import com.ridecounts.model.RideEventCoder;
import com.ridecounts.model.RideEventParser;
import com.ridecounts.model.WindowCount;
import com.ridecounts.model.WindowCountJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.KV;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encodings on the per-event path: the count step's key (event type, Long) as the runner's shuffle encodes it, a whole
 * {@link RideEvent} with its coder (what a runner copies between steps), and a count pane to its output JSON.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EncodingBenchmark {
  private final Coder<KV<String, Long>> keyCoder =
      KvCoder.of(NullableCoder.of(StringUtf8Coder.of()), VarLongCoder.of());
  private final Coder<RideEvent> eventCoder = RideEventCoder.of();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
  private RideEvent[] events;
  private WindowCount[] panes;
  private int next;

  @Setup
  public void setUp() {
    byte[][] values = SampleRecords.values();
    events = new RideEvent[values.length];
    panes = new WindowCount[values.length];
    for (int i = 0; i < values.length; i++) {
      events[i] = RideEventParser.parse(values[i]).event();
      long start = events[i].tsMillis() / 30_000 * 30_000;
      panes[i] =
          new WindowCount(start, start + 60_000, events[i].eventType(), 1 + i, i % 4, WindowCount.Timing.EARLY, false);
    }
  }

  @Benchmark
  public int encodeTypeAndCountKey() throws IOException {
    next = (next + 1) % SampleRecords.COUNT;
    buffer.reset();
    keyCoder.encode(KV.of(events[next].eventType(), events[next].tsMillis()), buffer);
    return buffer.size();
  }

  @Benchmark
  public int encodeRideEvent() throws IOException {
    next = (next + 1) % SampleRecords.COUNT;
    buffer.reset();
    eventCoder.encode(events[next], buffer);
    return buffer.size();
  }

  @Benchmark
  public String countPaneToJson() {
    next = (next + 1) % SampleRecords.COUNT;
    return WindowCountJson.toJson(panes[next]);
  }
}
