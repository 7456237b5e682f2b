package com.ridecounts.it.harness;

import com.ridecounts.launcher.RideEventGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Generated input for the integration tests: ride events from 2024-03-10T08:00Z on, one every {@code stepMillis}. */
public final class GeneratedRides {
  private static final long START = Instant.parse("2024-03-10T08:00:00Z").toEpochMilli();

  private GeneratedRides() {}

  /** {@code events} values of the realistic profile (late, too-late and malformed ones), 200 ms of event time apart. */
  public static List<byte[]> realistic(long seed, int events) {
    return generate(new RideEventGenerator(seed, RideEventGenerator.Profile.realistic()), events, 200L);
  }

  /** {@code events} values from {@code generator}, {@code stepMillis} of event time apart. */
  public static List<byte[]> generate(RideEventGenerator generator, int events, long stepMillis) {
    List<byte[]> values = new ArrayList<>(events);
    for (int i = 0; i < events; i++) {
      values.add(generator.next(START + i * stepMillis));
    }
    return values;
  }

  /** Writes {@code values} to {@code file}, one per line, as the input of {@code ride-counts replay}. */
  public static Path writeJsonl(List<byte[]> values, Path file) throws IOException {
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    for (byte[] value : values) {
      lines.write(value);
      lines.write('\n');
    }
    return Files.write(file, lines.toByteArray());
  }
}
