package com.ridecounts.launcher;

import static com.ridecounts.launcher.EvaluationFixtures.DEFAULTS;
import static com.ridecounts.launcher.EvaluationFixtures.T0;
import static com.ridecounts.launcher.EvaluationFixtures.key;
import static com.ridecounts.launcher.EvaluationFixtures.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Parity and cause attribution on the constructed input of {@link EvaluationFixtures}: the Beam runners' results are
 * the counts predicted from the file, the reference's are built from them by adding what each cause predicts.
 */
class ParityTest {
  private static final long W2 = T0 - 10_000;
  private static final InputFacts ONE_PARTITION = InputFacts.of(EvaluationFixtures.input(), 1, DEFAULTS);
  private static final Map<String, Object> BEAM_FIGURES = Map.of("dropped_late", 2, "unaccounted_assignments", 0);
  /** The reference's final watermark: past every window of the file, so no "still open" note. */
  private static final Map<String, Object> REFERENCE_FIGURES = Map.of("final_watermark", "2024-03-10T09:00:00Z");

  private static Map<ResultKey, Long> beam(InputFacts facts) {
    return new TreeMap<>(facts.beamCounts);
  }

  /** The Beam counts plus the malformed-to-null lines plus every assignment the Beam job drops (one micro-batch). */
  private static Map<ResultKey, Long> referenceInOneMicroBatch(InputFacts facts) {
    Map<ResultKey, Long> counts = beam(facts);
    facts.malformedToNull.forEach((k, v) -> ResultKey.add(counts, k, v));
    facts.beamDropped.forEach((k, v) -> ResultKey.add(counts, k, v));
    return counts;
  }

  private static Parity parity(int partitions, InputFacts facts, RunnerOutcome... outcomes) {
    return Parity.compute(List.of(outcomes), partitions, facts, DEFAULTS);
  }

  @Test
  void identicalBeamRunnersAgreeOnEveryKey() {
    Parity parity =
        parity(
            1,
            ONE_PARTITION,
            outcome(EvaluatedRunner.DIRECT, beam(ONE_PARTITION), BEAM_FIGURES),
            outcome(EvaluatedRunner.SPARK, beam(ONE_PARTITION), BEAM_FIGURES),
            outcome(EvaluatedRunner.FLINK, beam(ONE_PARTITION), BEAM_FIGURES));
    assertEquals(List.of("direct", "flink", "spark"), parity.mustAgree.stream().sorted().toList());
    assertEquals(ONE_PARTITION.beamCounts.size(), parity.rows.size());
    assertEquals(0, parity.differences);
    assertTrue(parity.causeRows.isEmpty());
  }

  @Test
  void referenceDifferencesAreAttributedToMalformedLinesAndLateData() {
    Parity parity =
        parity(
            1,
            ONE_PARTITION,
            outcome(EvaluatedRunner.DIRECT, beam(ONE_PARTITION), BEAM_FIGURES),
            outcome(EvaluatedRunner.REFERENCE, referenceInOneMicroBatch(ONE_PARTITION), REFERENCE_FIGURES));
    // ride_start in both windows (+1 malformed), null type in both (only the reference has them), ride_end in both
    // (+1 late): six differing rows, all explained
    assertEquals(6, parity.differences);
    assertEquals(0, parity.unexplained);
    assertEquals(Map.of(Cause.MALFORMED_TO_NULL, 4, Cause.REFERENCE_LATE_DATA, 2), parity.causeRows);
    Parity.Row nullType = row(parity, key(W2, null));
    assertNull(nullType.counts().get("direct"));
    assertEquals(1L, nullType.counts().get("reference"));
    assertEquals(List.of(Cause.MALFORMED_TO_NULL), nullType.causes());
    assertEquals(List.of(Cause.REFERENCE_LATE_DATA), row(parity, key(W2, "ride_end")).causes());
  }

  @Test
  void oneMoreOnTheNullTypeThanTheMalformedLinesPredictIsUnexplained() {
    Map<ResultKey, Long> reference = referenceInOneMicroBatch(ONE_PARTITION);
    ResultKey.add(reference, key(W2, null), 1);
    Parity parity =
        parity(
            1,
            ONE_PARTITION,
            outcome(EvaluatedRunner.DIRECT, beam(ONE_PARTITION), BEAM_FIGURES),
            outcome(EvaluatedRunner.REFERENCE, reference, REFERENCE_FIGURES));
    assertEquals(1, parity.unexplained);
    assertTrue(row(parity, key(W2, null)).causes().isEmpty());
  }

  @Test
  void aReferenceThatDropsWhatTheBeamJobCountsIsUnexplainedOnOnePartition() {
    Map<ResultKey, Long> reference = referenceInOneMicroBatch(ONE_PARTITION);
    ResultKey.add(reference, key(W2, "ride_start"), -2); // the malformed line and one valid event missing
    Parity parity =
        parity(
            1,
            ONE_PARTITION,
            outcome(EvaluatedRunner.DIRECT, beam(ONE_PARTITION), BEAM_FIGURES),
            outcome(EvaluatedRunner.REFERENCE, reference, REFERENCE_FIGURES));
    assertEquals(1, parity.unexplained);
  }

  @Test
  void onTwoPartitionsTheGlobalWatermarkExplainsWhatOnlyTheReferenceDrops() {
    InputFacts facts = InputFacts.of(EvaluationFixtures.input(), 2, DEFAULTS);
    Map<ResultKey, Long> reference = beam(facts);
    facts.malformedToNull.forEach((k, v) -> ResultKey.add(reference, k, v));
    facts.referenceMayDrop.forEach((k, v) -> ResultKey.add(reference, k, -v));
    reference.values().removeIf(v -> v == 0);
    Parity parity =
        parity(
            2,
            facts,
            outcome(EvaluatedRunner.DIRECT, beam(facts), BEAM_FIGURES),
            outcome(EvaluatedRunner.REFERENCE, reference, REFERENCE_FIGURES));
    assertEquals(0, parity.unexplained);
    assertEquals(List.of(Cause.REFERENCE_WATERMARK_DROPS), row(parity, key(W2, "ride_end")).causes());
  }

  @Test
  void windowsPastTheReferenceWatermarkGetTheStillOpenNote() {
    Map<String, Object> early = Map.of("final_watermark", "2024-03-10T08:00:45Z");
    Parity parity =
        parity(
            1,
            ONE_PARTITION,
            outcome(EvaluatedRunner.DIRECT, beam(ONE_PARTITION), BEAM_FIGURES),
            outcome(EvaluatedRunner.REFERENCE, referenceInOneMicroBatch(ONE_PARTITION), early));
    // 08:00:00-08:01:00 ends after 08:00:45; 07:59:30-08:00:30 does not
    assertTrue(row(parity, key(W2, null)).causes().contains(Cause.WINDOWS_STILL_OPEN));
    assertFalse(row(parity, key(W2 - 30_000, null)).causes().contains(Cause.WINDOWS_STILL_OPEN));
  }

  @Test
  void flinkDifferingFromDirectIsAMustAgreeDifferenceAndUnexplained() {
    Map<ResultKey, Long> flink = beam(ONE_PARTITION);
    ResultKey.add(flink, key(W2, "ride_start"), 1);
    Parity parity =
        parity(
            1,
            ONE_PARTITION,
            outcome(EvaluatedRunner.DIRECT, beam(ONE_PARTITION), BEAM_FIGURES),
            outcome(EvaluatedRunner.FLINK, flink, BEAM_FIGURES));
    assertEquals(1, parity.differences);
    assertEquals(1, parity.unexplained);
    assertEquals(1, parity.mustAgreeDifferences);
  }

  @Test
  void sparkBelowDirectOnTwoPartitionsIsTheMaxWatermarkOnlyWhenItsReplayReportedUnaccountedData() {
    InputFacts facts = InputFacts.of(EvaluationFixtures.input(), 2, DEFAULTS);
    Map<ResultKey, Long> spark = beam(facts);
    spark.remove(key(W2, "ride_end"));
    spark.put(key(W2 - 30_000, "ride_end"), 1L);
    Map<String, Object> unaccounted = new HashMap<>(BEAM_FIGURES);
    unaccounted.put("unaccounted_assignments", 3);
    Parity explained =
        parity(
            2,
            facts,
            outcome(EvaluatedRunner.DIRECT, beam(facts), BEAM_FIGURES),
            outcome(EvaluatedRunner.SPARK, spark, unaccounted));
    assertEquals(List.of("direct"), explained.mustAgree);
    assertEquals(2, explained.differences);
    assertEquals(0, explained.unexplained);
    assertEquals(0, explained.mustAgreeDifferences);
    assertEquals(Map.of(Cause.SPARK_MAX_WATERMARK, 2), explained.causeRows);

    Parity unexplained =
        parity(
            2,
            facts,
            outcome(EvaluatedRunner.DIRECT, beam(facts), BEAM_FIGURES),
            outcome(EvaluatedRunner.SPARK, spark, BEAM_FIGURES));
    assertEquals(2, unexplained.unexplained);
  }

  @Test
  void aFailedRunnerIsLeftOutOfTheTable() {
    Parity parity =
        parity(
            1,
            ONE_PARTITION,
            outcome(EvaluatedRunner.DIRECT, beam(ONE_PARTITION), BEAM_FIGURES),
            RunnerOutcome.failed(EvaluatedRunner.FLINK, null, "boom"));
    assertEquals(List.of("direct"), parity.runners);
    assertEquals(0, parity.differences);
  }

  private static Parity.Row row(Parity parity, ResultKey key) {
    return parity.rows.stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow();
  }
}
