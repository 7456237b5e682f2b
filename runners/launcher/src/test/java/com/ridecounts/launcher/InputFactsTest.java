package com.ridecounts.launcher;

import static com.ridecounts.launcher.EvaluationFixtures.DEFAULTS;
import static com.ridecounts.launcher.EvaluationFixtures.T0;
import static com.ridecounts.launcher.EvaluationFixtures.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InputFactsTest {
  private static final long W1 = T0 - 10_000 - 30_000; // 07:59:30, the earlier of T0's two windows
  private static final long W2 = T0 - 10_000; // 08:00:00

  @Test
  void countsValidLinesAndAssignments() {
    InputFacts facts = InputFacts.of(EvaluationFixtures.input(), 1, DEFAULTS);
    assertEquals(11, facts.lines);
    assertEquals(5, facts.valid);
    assertEquals(6, facts.invalid());
    assertEquals(10, facts.windowAssignments);
  }

  @Test
  void malformedLinesWithAnIntegerTsAreCountedByTheReferenceUnderTheirTypeOrNull() {
    InputFacts facts = InputFacts.of(EvaluationFixtures.input(), 1, DEFAULTS);
    assertEquals(2, facts.malformedToNullLines);
    assertEquals(
        Map.of(key(W1, "ride_start"), 1L, key(W2, "ride_start"), 1L, key(W1, null), 1L, key(W2, null), 1L),
        facts.malformedToNull);
    assertEquals(
        Map.of("event_id must not be empty", 1L, "user_id must be a string, found VALUE_NUMBER_INT", 1L),
        facts.malformedToNullRejections);
  }

  @Test
  void onOnePartitionTheEventBehindTheWatermarkIsDroppedInBothWindows() {
    InputFacts facts = InputFacts.of(EvaluationFixtures.input(), 1, DEFAULTS);
    assertEquals(Map.of(key(W1, "ride_end"), 1L, key(W2, "ride_end"), 1L), facts.beamDropped);
    assertEquals(2, facts.beamDroppedTotal());
    assertEquals(1L, facts.beamCounts.get(key(W2, "ride_end")));
    assertEquals(2L, facts.beamCounts.get(key(W2, "ride_start")));
    assertEquals(0, facts.referenceMayDropTotal());
  }

  @Test
  void onTwoPartitionsOnlyTheGlobalWatermarkCouldDropTheLateEvent() {
    // line 10 (e5) is on partition 0, which never saw e4 (line 9, partition 1): the Beam job counts it
    InputFacts facts = InputFacts.of(EvaluationFixtures.input(), 2, DEFAULTS);
    assertTrue(facts.beamDropped.isEmpty());
    assertEquals(2L, facts.beamCounts.get(key(W2, "ride_end")));
    assertEquals(Map.of(key(W1, "ride_end"), 1L, key(W2, "ride_end"), 1L), facts.referenceMayDrop);
  }

  @Test
  void aLatenessOfTwentyMinutesKeepsTheLateEvent() {
    WindowRules lenient = WindowRules.fromOptions(Map.of("allowedLatenessSeconds", "1200"));
    assertTrue(InputFacts.of(EvaluationFixtures.input(), 1, lenient).beamDropped.isEmpty());
  }
}
