package com.ridecounts.launcher;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Decides why the runners' counts for one (window, event type) differ, from figures computed from the input file
 * ({@link InputFacts}) and the runners' own summaries; a difference no cause accounts for in full stays unexplained.
 *
 * <p>Every runner is compared with the baseline: the first successful of direct, flink and (on one partition) spark;
 * without one, the Beam job's counts predicted from the file. For a key with Beam count B, predicted malformed-to-null
 * assignments m, Beam-dropped assignments d and assignments the reference's global watermark may drop g:
 *
 * <ul>
 *   <li><b>reference</b> with count R is explained iff {@code m - g <= R - B <= m + d}: {@link Cause#MALFORMED_TO_NULL}
 *       when m > 0, {@link Cause#REFERENCE_LATE_DATA} when R - B > m, {@link Cause#REFERENCE_WATERMARK_DROPS} when R - B
 *       < m; {@link Cause#WINDOWS_STILL_OPEN} is added as a note when the window ends after the reference's final
 *       watermark.
 *   <li><b>spark</b> on more than one partition is explained by {@link Cause#SPARK_MAX_WATERMARK} iff it is lower than B
 *       and its replay reported unaccounted assignments.
 *   <li>Any other difference (between direct, flink and spark on one partition, or a runner above B) is unexplained.
 * </ul>
 */
final class CauseAttribution {
  private final List<RunnerOutcome> ok;
  private final int partitions;
  private final InputFacts facts;
  private final WindowRules rules;
  private final @Nullable RunnerOutcome baseline;

  CauseAttribution(List<RunnerOutcome> ok, int partitions, InputFacts facts, WindowRules rules) {
    this.ok = ok;
    this.partitions = partitions;
    this.facts = facts;
    this.rules = rules;
    this.baseline =
        ok.stream()
            .filter(r -> r.runner == EvaluatedRunner.DIRECT || r.runner == EvaluatedRunner.FLINK
                || (r.runner == EvaluatedRunner.SPARK && partitions == 1))
            .min((a, b) -> Integer.compare(baselineRank(a.runner), baselineRank(b.runner)))
            .orElse(null);
  }

  private static int baselineRank(EvaluatedRunner runner) {
    return runner == EvaluatedRunner.DIRECT ? 0 : runner == EvaluatedRunner.FLINK ? 1 : 2;
  }

  /** The causes that together account for every difference of the row, or an empty set if something is unexplained. */
  EnumSet<Cause> causes(ResultKey key) {
    Long base = baseline != null ? baseline.count(key) : facts.beamCounts.get(key);
    EnumSet<Cause> causes = EnumSet.noneOf(Cause.class);
    for (RunnerOutcome runner : ok) {
      if (runner == baseline || Objects.equals(runner.count(key), base)) {
        continue;
      }
      long difference = orZero(runner.count(key)) - orZero(base);
      Optional<EnumSet<Cause>> explained =
          runner.runner == EvaluatedRunner.REFERENCE
              ? reference(key, difference, runner.finalWatermarkMillis())
              : runner.runner == EvaluatedRunner.SPARK ? spark(runner, difference) : Optional.empty();
      if (explained.isEmpty()) {
        return EnumSet.noneOf(Cause.class);
      }
      causes.addAll(explained.get());
    }
    return causes;
  }

  private Optional<EnumSet<Cause>> reference(ResultKey key, long difference, @Nullable Long watermarkMillis) {
    long malformed = InputFacts.get(facts.malformedToNull, key);
    long dropped = InputFacts.get(facts.beamDropped, key);
    long mayDrop = InputFacts.get(facts.referenceMayDrop, key);
    if (difference < malformed - mayDrop || difference > malformed + dropped) {
      return Optional.empty();
    }
    EnumSet<Cause> causes = EnumSet.noneOf(Cause.class);
    if (malformed > 0) {
      causes.add(Cause.MALFORMED_TO_NULL);
    }
    if (difference > malformed) {
      causes.add(Cause.REFERENCE_LATE_DATA);
    } else if (difference < malformed) {
      causes.add(Cause.REFERENCE_WATERMARK_DROPS);
    }
    if (watermarkMillis == null || key.windowEndMillis() > watermarkMillis) {
      causes.add(Cause.WINDOWS_STILL_OPEN);
    }
    return Optional.of(causes);
  }

  private Optional<EnumSet<Cause>> spark(RunnerOutcome spark, long difference) {
    boolean explained = partitions > 1 && difference < 0 && orZero(spark.figure("unaccounted_assignments")) > 0;
    return explained ? Optional.of(EnumSet.of(Cause.SPARK_MAX_WATERMARK)) : Optional.empty();
  }

  /** A short, factual explanation of {@code cause} with this evaluation's figures. */
  String explanation(Cause cause) {
    switch (cause) {
      case MALFORMED_TO_NULL:
        return String.format(
            Locale.ROOT,
            "%d lines the Beam job dead-letters are JSON objects with an integer ts (%s); Spark's permissive"
                + " from_json counts them: %d window assignments, under their event_type or the null type.",
            facts.malformedToNullLines,
            facts.malformedToNullRejections.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; ")),
            facts.malformedToNullAssignments());
      case REFERENCE_LATE_DATA:
        return String.format(
            Locale.ROOT,
            "The Beam job drops an assignment when window end + %d s lateness is behind its partition's watermark"
                + " (max earlier ts - %d s): %d by simulation of the file; dropped_late counters: %s. The reference"
                + " judges lateness per micro-batch against the previous micro-batch's watermark, so it keeps some or"
                + " all of them.",
            rules.allowedLatenessMillis() / 1000,
            rules.watermarkDelayMillis() / 1000,
            facts.beamDroppedTotal(),
            droppedLateCounters());
      case REFERENCE_WATERMARK_DROPS:
        return String.format(
            Locale.ROOT,
            "The reference's watermark is global (max event time over all partitions, malformed lines with a ts"
                + " included), so it can drop assignments the Beam job's per-partition watermark keeps: at most %d in"
                + " this file.",
            facts.referenceMayDropTotal());
      case SPARK_MAX_WATERMARK:
        return String.format(
            Locale.ROOT,
            "On %d partitions the SparkRunner's watermark is the max across partitions (apache/beam #19411): it drops"
                + " the lagging partitions' data without counting it; its replay reported %s unaccounted assignments.",
            partitions,
            ok.stream()
                .filter(r -> r.runner == EvaluatedRunner.SPARK)
                .map(r -> String.valueOf(r.figure("unaccounted_assignments")))
                .findFirst()
                .orElse("no"));
      case WINDOWS_STILL_OPEN:
        return "The reference's watermark moves only when data arrives, so windows ending after its final watermark"
            + " were never closed: their latest value stands as the result.";
      default:
        throw new IllegalArgumentException(cause.toString());
    }
  }

  private String droppedLateCounters() {
    String counters =
        ok.stream()
            .filter(r -> r.runner.kind.equals("beam"))
            .map(r -> r.runner.id + " " + r.figure("dropped_late"))
            .collect(Collectors.joining(", "));
    return counters.isEmpty() ? "none (no Beam runner succeeded)" : counters;
  }

  private static long orZero(@Nullable Long value) {
    return value == null ? 0 : value;
  }
}
