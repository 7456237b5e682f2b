package com.ridecounts.launcher;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

/**
 * {@code ./ride-counts generate --output FILE.jsonl [--events N] [--eventsPerSecond R] [--start ISO] [--seed S]}:
 * writes a replay file of generated ride events, one value per line, with event time advancing at R events per
 * second from START, including out-of-order, late (some beyond the lateness) and malformed records.
 */
final class Generate {
  private static final Set<String> FLAGS = Set.of("output", "events", "eventsPerSecond", "start", "seed");

  private Generate() {}

  static int run(String[] args, PrintStream out) throws IOException {
    CommandLine cl = new CommandLine(args, FLAGS);
    Path output = Path.of(cl.required("output"));
    long events = Long.parseLong(cl.get("events", "10000"));
    double perSecond = Double.parseDouble(cl.get("eventsPerSecond", "20"));
    long start = Instant.parse(cl.get("start", "2024-03-10T08:00:00Z")).toEpochMilli();
    RideEventGenerator generator =
        new RideEventGenerator(Long.parseLong(cl.get("seed", "42")), RideEventGenerator.Profile.realistic());
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(output))) {
      for (long i = 0; i < events; i++) {
        file.write(generator.next(start + (long) (i * 1000 / perSecond)));
        file.write('\n');
      }
    }
    out.printf("wrote %d records to %s%n", events, output);
    return 0;
  }
}
