package com.ridecounts.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code ./ride-counts bench [--events 2000000] [--eventsPerSystem direct=200000,...] [--rateEventsPerSecond 300]
 * [--ratePerSystem direct=800,...] [--latencySeconds 60] [--systems direct,spark,flink,reference,ceiling] [--output DIR] [--partitions 1]
 * [--timeoutSeconds 3600] [pipeline options]}: the benchmark of issue 5, one system after another on one broker.
 *
 * <p>For each system, in a child JVM of its own (GC logged with {@code -Xlog:gc}, peak RSS from /proc):
 *
 * <ol>
 *   <li>Throughput: a backlog of {@code --events} generated events (seed 42; a smaller per-system size is a prefix of
 *       the same data) is produced into a fresh topic first, then the system reads it. Beam runners and the reference
 *       run {@code replay} ({@link RunnerChild}): the rate is records read / seconds from job start until the job has
 *       accounted for the whole backlog (Beam: every assignment in a final pane or dropped, or settled; this includes
 *       job start-up and about 5 s of idle detection before the last windows close; reference: every record read and
 *       its output drained). Also reported: the same records over the time after the first output record, a rough
 *       steady-state rate without start-up. The ceiling ({@link ReadParseCeiling}) times reading and parsing alone.
 *   <li>Latency (not for the ceiling): {@link LatencyRun}, the job against a live producer at {@code
 *       --rateEventsPerSecond} (or the system's rate in {@code --ratePerSystem}, so that each system can be measured
 *       below its own saturation) for {@code --latencySeconds}; p50/p99 of {@link PaneLatency}.
 * </ol>
 *
 * Writes {@code DIR/bench.json} ({@link BenchJson}) and {@code DIR/bench.md} ({@link BenchTable}), prints the table,
 * and keeps every child's log, GC log and summary under {@code DIR/<system>/}. Pipeline options are passed to every
 * Beam and reference job (e.g. {@code --triggerIntervalSeconds=5}). Exits non-zero if any phase failed.
 */
final class Bench {
  /** The read-and-parse ceiling's system id. */
  static final String CEILING = "ceiling";

  private static final Set<String> FLAGS =
      Set.of(
          "events", "eventsPerSystem", "rateEventsPerSecond", "ratePerSystem", "latencySeconds", "systems", "output", "partitions",
          "timeoutSeconds", "settleSeconds", "drainSeconds", "startupTimeoutSeconds");
  private static final DateTimeFormatter DIR_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final Duration GRACE = Duration.ofMinutes(2);

  private Bench() {}

  /**
   * Runs the benchmark.
   *
   * @param home the repository root, where {@code runners/<id>/target/classpath.txt} are
   * @param childJvmFlags JVM options and --add-opens flags of every child
   */
  static int run(String[] args, PrintStream out, Path home, String childJvmFlags) throws Exception {
    CommandLine cl = new CommandLine(args, FLAGS);
    long events = Long.parseLong(cl.get("events", "2000000"));
    Map<String, Long> eventsPerSystem = parsePerSystem("eventsPerSystem", cl.get("eventsPerSystem", ""));
    Map<String, Long> ratePerSystem = parsePerSystem("ratePerSystem", cl.get("ratePerSystem", ""));
    List<String> systems = Arrays.asList(cl.get("systems", "direct,spark,flink,reference,ceiling").split(","));
    int partitions = Integer.parseInt(cl.get("partitions", "1"));
    long timeoutSeconds = Long.parseLong(cl.get("timeoutSeconds", "3600"));
    long latencySeconds = Long.parseLong(cl.get("latencySeconds", "60"));
    double rate = Double.parseDouble(cl.get("rateEventsPerSecond", "300"));
    Instant startedAt = Instant.now();
    Path dir = Path.of(cl.get("output", "bench-" + DIR_TIME.format(startedAt))).toAbsolutePath();
    if (cl.hasPipelineOption("runner")) {
      throw new IllegalArgumentException("bench chooses the runners itself: use --systems direct,spark,...");
    }
    String[] options = cl.pipelineArgs(Map.of());
    Map<String, String> optionMap = ReferenceJob.optionMap(options);
    long triggerSeconds = Long.parseLong(optionMap.getOrDefault("triggerIntervalSeconds", "30"));
    LatencyRun.Settings latency =
        new LatencyRun.Settings(
            rate,
            Duration.ofSeconds(latencySeconds),
            Duration.ofSeconds(Long.parseLong(cl.get("settleSeconds", "10"))),
            Duration.ofSeconds(Long.parseLong(cl.get("drainSeconds", String.valueOf(triggerSeconds + 30)))),
            Duration.ofSeconds(Long.parseLong(cl.get("startupTimeoutSeconds", "300"))),
            partitions,
            WindowRules.fromOptions(optionMap));
    for (String system : systems) {
      if (!system.equals(CEILING)) {
        EvaluatedRunner.byId(system); // fails early on an unknown id
      }
    }
    Files.createDirectories(dir);
    String loadAtStart = loadAverage();
    Map<Long, Path> inputs = generateInputs(dir, events, eventsPerSystem, systems, out);

    List<String> passOn = new ArrayList<>(Arrays.asList(options));
    passOn.removeIf(o -> o.startsWith("--bootstrapServers="));
    List<BenchFigures> rows = new ArrayList<>();
    EmbeddedKafkaBroker broker = optionMap.containsKey("bootstrapServers") ? null : EmbeddedKafkaBroker.start();
    try {
      String bootstrap = broker == null ? optionMap.get("bootstrapServers") : broker.bootstrapServers();
      for (String system : systems) {
        long size = eventsPerSystem.getOrDefault(system, events);
        Path input = inputs.get(size);
        Path systemDir = dir.resolve(system);
        Files.createDirectories(systemDir);
        out.printf("bench: %s: throughput on a backlog of %,d events (log: %s)%n", system, size, systemDir);
        BenchFigures row =
            system.equals(CEILING)
                ? ceiling(home, childJvmFlags, bootstrap, input, partitions, systemDir, timeoutSeconds, size)
                : runner(
                    EvaluatedRunner.byId(system), home, childJvmFlags, bootstrap, input, size, dir,
                    ratePerSystem.containsKey(system) ? latency.atRate(ratePerSystem.get(system)) : latency,
                    timeoutSeconds, passOn, out);
        out.printf("bench: %s: %s%n", system, row.error() == null ? "ok" : "FAILED: " + row.error());
        rows.add(row);
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
    }

    rows = BenchFigures.withRatios(rows);
    String table = BenchTable.render(rows);
    String command = "./ride-counts bench " + String.join(" ", args);
    BenchJson.Settings settings =
        new BenchJson.Settings(rate, latencySeconds, partitions, loadAtStart, loadAverage());
    Files.writeString(dir.resolve("bench.json"), BenchJson.render(startedAt, command, settings, rows));
    Files.writeString(dir.resolve("bench.md"), table, StandardCharsets.UTF_8);
    out.print(table);
    out.printf("bench: wrote %s and %s%n", dir.resolve("bench.json"), dir.resolve("bench.md"));
    return rows.stream().anyMatch(r -> r.error() != null) ? 1 : 0;
  }

  /** Throughput of the replay on the backlog, then latency against the live producer. */
  private static BenchFigures runner(
      EvaluatedRunner runner,
      Path home,
      String childJvmFlags,
      String bootstrap,
      Path input,
      long size,
      Path dir,
      LatencyRun.Settings latency,
      long timeoutSeconds,
      List<String> options,
      PrintStream out)
      throws IOException, InterruptedException {
    Path systemDir = dir.resolve(runner.id);
    Path throughputGc = systemDir.resolve("gc-throughput.log");
    RunnerOutcome replay =
        new RunnerChild(home, childJvmFlags + " -Xlog:gc:file=" + throughputGc)
            .run(runner, bootstrap, input, latency.partitions(), dir, timeoutSeconds, options);
    out.printf("bench: %s: latency at %.0f events/s (log: %s)%n", runner.id, latency.eventsPerSecond(), systemDir);
    Path latencyGc = systemDir.resolve("gc-latency.log");
    List<String> java = javaCommand(home, runner.id, childJvmFlags + " -Xlog:gc:file=" + latencyGc);
    LatencyRun.Outcome live = LatencyRun.run(runner, java, latencyGc, bootstrap, systemDir, latency, options, out);

    Double job = replay.seconds("job_time_s");
    Double firstOutput = replay.seconds("first_output_s");
    Long read = replay.figure("records_read");
    Double afterFirstOutput =
        read == null || job == null || firstOutput == null || job <= firstOutput ? null : read / (job - firstOutput);
    PaneLatency.Result l = live.latency();
    String error =
        replay.ok && live.error() == null
            ? null
            : String.join("; ", errors("throughput: " + replay.error, replay.ok, live.error()));
    return new BenchFigures(
        runner.id,
        error,
        size,
        job,
        replay.eventsPerSecond(),
        afterFirstOutput,
        latency.eventsPerSecond(),
        l == null ? null : l.p50Millis(),
        l == null ? null : l.p99Millis(),
        l == null ? null : l.maxMillis(),
        l == null ? null : l.measured(),
        l == null ? null : l.unmatched(),
        BenchFigures.max(replay.peakRssMb, live.process() == null ? null : live.process().peakRssMb()),
        BenchFigures.max(peakHeap(GcLogHeap.read(throughputGc)), peakHeap(live.heap())),
        null,
        null);
  }

  private static List<String> errors(String throughputError, boolean throughputOk, @Nullable String latencyError) {
    List<String> errors = new ArrayList<>();
    if (!throughputOk) {
      errors.add(throughputError);
    }
    if (latencyError != null) {
      errors.add("latency: " + latencyError);
    }
    return errors;
  }

  /** The read-and-parse ceiling in a child JVM: the same backlog produced into a fresh topic, then read and parsed. */
  private static BenchFigures ceiling(
      Path home, String childJvmFlags, String bootstrap, Path input, int partitions, Path systemDir,
      long timeoutSeconds, long size)
      throws IOException, InterruptedException {
    Path gc = systemDir.resolve("gc-throughput.log");
    Path summary = systemDir.resolve("summary.json");
    List<String> command = javaCommand(home, EvaluatedRunner.DIRECT.id, childJvmFlags + " -Xlog:gc:file=" + gc);
    command.add(ReadParseCeiling.class.getName());
    command.addAll(List.of("--input", input.toString(), "--bootstrapServers", bootstrap));
    command.addAll(List.of("--partitions", String.valueOf(partitions), "--summaryJson", summary.toString()));
    MeasuredProcess.Result process =
        MeasuredProcess.run(command, systemDir.resolve("ceiling.log"), Duration.ofSeconds(timeoutSeconds).plus(GRACE));
    String error = null;
    Double seconds = null;
    Double rate = null;
    if (process.exitCode() != 0 || !Files.isRegularFile(summary)) {
      error = "exit code " + process.exitCode() + "; " + RunnerChild.tail(systemDir.resolve("ceiling.log"));
    } else {
      JsonNode figures = ReplaySummary.read(summary);
      seconds = figures.get("job_time_s").asDouble();
      rate = seconds > 0 ? figures.get("records_read").asLong() / seconds : null;
    }
    return new BenchFigures(
        CEILING, error, size, seconds, rate, rate, null, null, null, null, null, null, process.peakRssMb(),
        peakHeap(GcLogHeap.read(gc)), null, null);
  }

  private static @Nullable Double peakHeap(@Nullable GcLogHeap heap) {
    return heap == null ? null : heap.peakUsedMb();
  }

  /** {@code java FLAGS -cp CLASSPATH} of a runner module. */
  private static List<String> javaCommand(Path home, String module, String jvmFlags) throws IOException {
    Path classpathFile = home.resolve("runners").resolve(module).resolve("target").resolve("classpath.txt");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(jvmFlags.trim().split("\\s+")));
    command.addAll(List.of("-cp", Files.readString(classpathFile).trim()));
    return command;
  }

  /** One generated file per distinct size, all from the same seed (a smaller one is a prefix of a larger one). */
  private static Map<Long, Path> generateInputs(
      Path dir, long events, Map<String, Long> eventsPerSystem, List<String> systems, PrintStream out)
      throws IOException {
    Set<Long> sizes = new TreeSet<>();
    for (String system : systems) {
      sizes.add(eventsPerSystem.getOrDefault(system, events));
    }
    Map<Long, Path> files = new HashMap<>();
    for (long size : sizes) {
      Path file = dir.resolve("input-" + size + ".jsonl");
      Generate.run(new String[] {"--output", file.toString(), "--events", String.valueOf(size)}, out);
      files.put(size, file);
    }
    return files;
  }

  /** {@code direct=200000,flink=1000000}, the value of {@code --flag}, as a map from system to number. */
  static Map<String, Long> parsePerSystem(String flag, String spec) {
    Map<String, Long> sizes = new HashMap<>();
    for (String entry : spec.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] systemSize = entry.split("=", 2);
      if (systemSize.length != 2) {
        throw new IllegalArgumentException("--" + flag + " wants SYSTEM=N[,SYSTEM=N...], got " + entry);
      }
      sizes.put(systemSize[0].trim(), Long.parseLong(systemSize[1].trim()));
    }
    return sizes;
  }

  /** The 1, 5 and 15 minute load averages of the machine ({@code /proc/loadavg}), or "unknown". */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
