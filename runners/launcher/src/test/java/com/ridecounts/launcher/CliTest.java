package com.ridecounts.launcher;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class CliTest {
  @Test
  void errorSummaryNamesEveryCauseDownToTheRealReason() {
    Exception failure =
        new RuntimeException(
            "wrapper", new ExecutionException(new IllegalStateException("Topic gone-counts not present in metadata")));
    assertThat(
        Cli.errorSummary(failure).lines().toList(),
        equalTo(
            java.util.List.of(
                "ride-counts: java.lang.RuntimeException: wrapper",
                "  caused by: java.util.concurrent.ExecutionException: java.lang.IllegalStateException: Topic"
                    + " gone-counts not present in metadata",
                "  caused by: java.lang.IllegalStateException: Topic gone-counts not present in metadata")));
  }
}
