package com.ridecounts.benchmarks;

import com.ridecounts.model.ParsedRecord;
import com.ridecounts.model.RideEventParser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** {@link RideEventParser#parse}: JSON bytes of one Kafka value to a validated record (the source's deserializer). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ParseBenchmark {
  private byte[][] values;
  private int next;

  @Setup
  public void setUp() {
    values = SampleRecords.values();
  }

  @Benchmark
  public ParsedRecord parseValidRecord() {
    next = (next + 1) % SampleRecords.COUNT;
    return RideEventParser.parse(values[next]);
  }
}
