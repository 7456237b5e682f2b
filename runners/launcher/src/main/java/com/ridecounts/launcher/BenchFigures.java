package com.ridecounts.launcher;

import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One system's row of {@code bench}: throughput on the backlog, latency at the fixed rate, peak memory, and the
 * throughput ratios to the reference and to the ceiling. Unknown values are null (a failed phase, a system without
 * windows: the ceiling has no latency).
 *
 * @param system direct, spark, flink, reference or ceiling
 * @param error why a phase failed (the figures of the other phase are kept), null when both went through
 * @param events backlog size this system read
 * @param eventsPerS records read / seconds from job start to having accounted for the backlog
 * @param eventsPerSAfterFirstOutput records read / (those seconds − seconds to the first output record)
 * @param latencyRatePerS the input rate of the latency phase, events/s
 * @param latencyEvents events produced in the measured interval; {@code latencyUnmatched} of them found in no pane
 * @param peakRssMb largest VmHWM over both phases' child JVMs
 * @param peakHeapMb largest heap occupancy before a collection over both phases' GC logs
 */
record BenchFigures(
    String system,
    @Nullable String error,
    long events,
    @Nullable Double jobTimeS,
    @Nullable Double eventsPerS,
    @Nullable Double eventsPerSAfterFirstOutput,
    @Nullable Double latencyRatePerS,
    @Nullable Long latencyP50Ms,
    @Nullable Long latencyP99Ms,
    @Nullable Long latencyMaxMs,
    @Nullable Long latencyEvents,
    @Nullable Long latencyUnmatched,
    @Nullable Double peakRssMb,
    @Nullable Double peakHeapMb,
    @Nullable Double ratioToReference,
    @Nullable Double ratioToCeiling) {

  /** The rows with their ratios filled in from the rows of {@code reference} and {@code ceiling}, if present. */
  static List<BenchFigures> withRatios(List<BenchFigures> rows) {
    Double reference = rateOf(rows, EvaluatedRunner.REFERENCE.id);
    Double ceiling = rateOf(rows, Bench.CEILING);
    List<BenchFigures> result = new ArrayList<>();
    for (BenchFigures r : rows) {
      result.add(
          new BenchFigures(
              r.system, r.error, r.events, r.jobTimeS, r.eventsPerS, r.eventsPerSAfterFirstOutput, r.latencyRatePerS,
              r.latencyP50Ms,
              r.latencyP99Ms, r.latencyMaxMs, r.latencyEvents, r.latencyUnmatched, r.peakRssMb, r.peakHeapMb,
              ratio(r.eventsPerS, reference), ratio(r.eventsPerS, ceiling)));
    }
    return result;
  }

  /** {@code rate / base}, or null if either is unknown or the base is not positive. */
  static @Nullable Double ratio(@Nullable Double rate, @Nullable Double base) {
    return rate == null || base == null || base <= 0 ? null : rate / base;
  }

  /** The larger of two optional values. */
  static @Nullable Double max(@Nullable Double a, @Nullable Double b) {
    return a == null ? b : b == null ? a : Double.valueOf(Math.max(a, b));
  }

  private static @Nullable Double rateOf(List<BenchFigures> rows, String system) {
    return rows.stream().filter(r -> r.system.equals(system)).findFirst().map(BenchFigures::eventsPerS).orElse(null);
  }
}
