package com.ridecounts.transforms;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.ridecounts.model.WindowCount;
import com.ridecounts.model.WindowCount.Timing;
import com.ridecounts.model.WindowCountCoder;
import com.ridecounts.model.WindowCountJson;
import java.time.Instant;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class FormatLatestCountsTest {
  private static final long START = Instant.parse("2024-03-10T08:00:00Z").toEpochMilli();
  private static final long END = Instant.parse("2024-03-10T08:01:00Z").toEpochMilli();

  @Test
  void keyIsWindowAndEventType() {
    assertThat(
        FormatLatestCounts.key(new WindowCount(START, END, "ride_started", 42L, 0L, Timing.EARLY, false)),
        equalTo("2024-03-10T08:00:00.000Z/2024-03-10T08:01:00.000Z/ride_started"));
  }

  @Test
  void nullTypeHasNoThirdPartAndDiffersFromEveryStringType() {
    String nullKey = FormatLatestCounts.key(new WindowCount(START, END, null, 3L, 1L, Timing.ON_TIME, false));
    assertThat(nullKey, equalTo("2024-03-10T08:00:00.000Z/2024-03-10T08:01:00.000Z"));
    assertThat(nullKey, not(equalTo(FormatLatestCounts.key(new WindowCount(START, END, "", 3L, 1L, Timing.ON_TIME,
        false)))));
    assertThat(nullKey, not(equalTo(FormatLatestCounts.key(new WindowCount(START, END, "null", 3L, 1L,
        Timing.ON_TIME, false)))));
  }

  @Test
  void panesOfOneWindowAndTypeShareTheKeyWhateverTheirPane() {
    WindowCount early = new WindowCount(START, END, "ride_ended", 5L, 0L, Timing.EARLY, false);
    WindowCount last = new WindowCount(START, END, "ride_ended", 9L, 3L, Timing.LATE, true);
    assertThat(FormatLatestCounts.key(early), equalTo(FormatLatestCounts.key(last)));
    WindowCount otherWindow = new WindowCount(START + 30_000, END + 30_000, "ride_ended", 9L, 3L, Timing.LATE, true);
    assertThat(FormatLatestCounts.key(otherWindow), not(equalTo(FormatLatestCounts.key(last))));
  }

  @Test
  void valueIsTheCountsTopicJson(TestPipeline pipeline) {
    WindowCount typed = new WindowCount(START, END, "ride_started", 42L, 2L, Timing.LATE, true);
    WindowCount untyped = new WindowCount(START - 30_000, END - 30_000, null, 7L, 0L, Timing.EARLY, false);
    PCollection<KV<String, String>> records =
        pipeline
            .apply(Create.of(typed, untyped).withCoder(WindowCountCoder.of()))
            .apply(new FormatLatestCounts());

    PAssert.that(records)
        .containsInAnyOrder(
            KV.of("2024-03-10T08:00:00.000Z/2024-03-10T08:01:00.000Z/ride_started", WindowCountJson.toJson(typed)),
            KV.of("2024-03-10T07:59:30.000Z/2024-03-10T08:00:30.000Z", WindowCountJson.toJson(untyped)));
    pipeline.run().waitUntilFinish();
  }
}
