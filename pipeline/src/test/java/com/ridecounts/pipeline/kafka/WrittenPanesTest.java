package com.ridecounts.pipeline.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.ridecounts.model.WindowCount;
import com.ridecounts.model.WindowCount.Timing;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link WrittenPanes}: which panes of a replay an at-least-once sink writes, and with which index. */
class WrittenPanesTest {
  private final WrittenPanes written = new WrittenPanes(300_000);

  @Test
  void firstPaneOfAKeyIsWrittenAsItIs() {
    WindowCount first = pane(0, 0, 5, false);
    assertThat(written.admit(first), equalTo(Optional.of(first)));
  }

  @Test
  void replayedPaneWithTheSameCountIsDropped() {
    written.written(pane(0, 1, 8, false));
    assertThat(written.admit(pane(0, 1, 8, false)), equalTo(Optional.empty()));
  }

  @Test
  void replayedPaneBelowTheCountWrittenIsDroppedEvenUnderAHigherIndex() {
    written.written(pane(0, 1, 12, false));
    assertThat("same index, lower count", written.admit(pane(0, 1, 9, false)), equalTo(Optional.empty()));
    assertThat("higher index, lower count", written.admit(pane(0, 2, 11, false)), equalTo(Optional.empty()));
  }

  @Test
  void replayedPaneAboveTheCountWrittenIsReindexedAfterTheLastOne() {
    written.written(pane(0, 3, 12, false));
    assertThat(written.admit(pane(0, 2, 13, false)), equalTo(Optional.of(pane(0, 4, 13, false))));
  }

  @Test
  void panesInFlightCountAsWrittenUntilTheSendFails() {
    WindowCount sent = written.admit(pane(0, 0, 5, false)).orElseThrow();
    assertThat("a repeat while the first is in flight", written.admit(pane(0, 0, 5, false)), equalTo(Optional.empty()));
    written.notWritten(sent);
    assertThat("sent again after the failure", written.admit(pane(0, 0, 5, false)), equalTo(Optional.of(sent)));
  }

  @Test
  void finalPaneWithTheSameCountIsWrittenAndNothingAfterIt() {
    written.written(pane(0, 1, 12, false));
    assertThat(written.admit(pane(0, 1, 12, true)), equalTo(Optional.of(pane(0, 2, 12, true))));
    written.written(pane(0, 2, 12, true));
    assertThat("the final pane again", written.admit(pane(0, 2, 12, true)), equalTo(Optional.empty()));
    assertThat("a later pane", written.admit(pane(0, 3, 14, false)), equalTo(Optional.empty()));
  }

  @Test
  void finalPaneBelowTheCountWrittenIsStillWrittenSoTheKeyEnds() {
    written.written(pane(0, 2, 12, false));
    assertThat(written.admit(pane(0, 1, 11, true)), equalTo(Optional.of(pane(0, 3, 11, true))));
  }

  @Test
  void keysAreIndependent() {
    written.written(pane(0, 1, 12, true));
    WindowCount otherWindow = pane(30_000, 0, 1, false);
    assertThat(written.admit(otherWindow), equalTo(Optional.of(otherWindow)));
  }

  @Test
  void windowsOlderThanTheHorizonAreForgotten() {
    written.written(pane(0, 0, 1, true));
    written.written(pane(600_000, 0, 1, false));
    written.forget();
    assertThat(written.size(), equalTo(1));
    assertThat("the forgotten key starts afresh", written.admit(pane(0, 0, 1, true)).isPresent(), equalTo(true));
  }

  @Test
  void admissionsForgetOldWindowsWithoutBeingAsked() {
    written.written(pane(0, 0, 1, true));
    for (int i = 1; i < WrittenPanes.FORGET_EVERY; i++) {
      written.written(pane(600_000, i - 1, i, false));
      written.admit(pane(600_000, i - 1, i, false));
    }
    assertThat("not yet", written.size(), equalTo(2));
    written.admit(pane(600_000, 0, 1, false));
    assertThat("the old window is forgotten at the " + WrittenPanes.FORGET_EVERY + "th admission", written.size(),
        equalTo(1));
  }

  private static WindowCount pane(long startMillis, long index, long count, boolean isFinal) {
    return new WindowCount(startMillis, startMillis + 60_000, "ride_started", count, index,
        isFinal ? Timing.LATE : Timing.EARLY, isFinal);
  }
}
