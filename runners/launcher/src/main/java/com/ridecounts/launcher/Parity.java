package com.ridecounts.launcher;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The parity table of an evaluation: one row per (window, event type) that any successful runner has, with every
 * successful runner's count (null = no result), whether they all agree and, where not, the causes that explain the
 * whole difference ({@link CauseAttribution}; none = unexplained). Runners that must agree: direct, flink and, on one
 * partition, spark.
 */
final class Parity {
  /** One row of the table. */
  record Row(ResultKey key, Map<String, @Nullable Long> counts, boolean agree, List<Cause> causes) {}

  final List<String> runners;
  final List<String> mustAgree;
  final List<Row> rows = new ArrayList<>();
  /** The causes cited by at least one row: how many rows, and the explanation with this evaluation's figures. */
  final Map<Cause, Integer> causeRows = new EnumMap<>(Cause.class);

  final Map<Cause, String> explanations = new EnumMap<>(Cause.class);
  final int differences;
  final int unexplained;
  final int mustAgreeDifferences;

  private Parity(List<RunnerOutcome> outcomes, int partitions, CauseAttribution attribution) {
    List<RunnerOutcome> ok = outcomes.stream().filter(r -> r.ok).collect(Collectors.toList());
    runners = ok.stream().map(r -> r.runner.id).collect(Collectors.toList());
    mustAgree =
        ok.stream()
            .map(r -> r.runner)
            .filter(r -> r == EvaluatedRunner.DIRECT || r == EvaluatedRunner.FLINK
                || (r == EvaluatedRunner.SPARK && partitions == 1))
            .map(r -> r.id)
            .collect(Collectors.toList());
    TreeSet<ResultKey> keys = new TreeSet<>(ResultKey.ORDER);
    ok.forEach(r -> keys.addAll(r.finals.keySet()));
    int differing = 0;
    int notExplained = 0;
    int mustAgreeDiffering = 0;
    for (ResultKey key : keys) {
      Map<String, @Nullable Long> counts = new LinkedHashMap<>();
      ok.forEach(r -> counts.put(r.runner.id, r.count(key)));
      boolean agree = counts.values().stream().distinct().count() == 1;
      EnumSet<Cause> causes = agree ? EnumSet.noneOf(Cause.class) : attribution.causes(key);
      if (!agree) {
        differing++;
        notExplained += causes.isEmpty() ? 1 : 0;
      }
      if (mustAgree.stream().map(counts::get).distinct().count() > 1) {
        mustAgreeDiffering++;
      }
      causes.forEach(c -> causeRows.merge(c, 1, Integer::sum));
      rows.add(new Row(key, counts, agree, List.copyOf(causes)));
    }
    differences = differing;
    unexplained = notExplained;
    mustAgreeDifferences = mustAgreeDiffering;
    causeRows.keySet().forEach(c -> explanations.put(c, attribution.explanation(c)));
  }

  static Parity compute(List<RunnerOutcome> outcomes, int partitions, InputFacts facts, WindowRules rules) {
    List<RunnerOutcome> ok = outcomes.stream().filter(r -> r.ok).collect(Collectors.toList());
    return new Parity(outcomes, partitions, new CauseAttribution(ok, partitions, facts, rules));
  }

  /** The rows that differ, in key order. */
  List<Row> differing() {
    return rows.stream().filter(r -> !r.agree()).collect(Collectors.toList());
  }
}
