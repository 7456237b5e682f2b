package com.ridecounts.it.harness;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;

/** Assertions on the summary that {@code ride-counts replay} prints, against the oracle. */
public final class ReplaySummaries {
  private ReplaySummaries() {}

  /**
   * The job's own accounting in {@code summary} agrees with {@code oracle} for an input of {@code records} records:
   * records read = counted + dropped as too late + dead-lettered, the dead letters on their topic, and the (event,
   * window) assignments with those dropped as too late.
   */
  public static void assertAccountsFor(String summary, int records, CountsOracle.Result oracle) {
    assertThat(
        summary,
        containsString(
            records + " records read = " + (oracle.valid() - oracle.eventsDroppedLate()) + " counted + "
                + oracle.eventsDroppedLate() + " dropped as too late + " + oracle.invalid() + " dead-lettered ("
                + oracle.valid() + " valid; "));
    assertThat(summary, containsString("; " + oracle.invalid() + " dead letters on"));
    assertThat(summary, containsString(oracle.assignments() + " (event, window) assignments, "));
    assertThat(summary, containsString(", " + oracle.droppedLate() + " dropped as too late;"));
  }
}
