package com.ridecounts.transforms;

import com.ridecounts.model.WindowCount;
import com.ridecounts.model.WindowCount.Timing;
import com.ridecounts.model.WindowCountCoder;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class FormatCountsTest {
  private static final long START = Instant.parse("2024-03-10T08:00:00Z").toEpochMilli();
  private static final long END = Instant.parse("2024-03-10T08:01:00Z").toEpochMilli();

  @Test
  void keyIsTheEventTypeAndValueIsTheJson(TestPipeline pipeline) {
    PCollection<KV<String, String>> records =
        pipeline
            .apply(
                Create.of(
                        new WindowCount(START, END, "ride_started", 42L, 0L, Timing.EARLY, false),
                        new WindowCount(START, END, null, 3L, 1L, Timing.ON_TIME, false),
                        new WindowCount(START - 30_000, END - 30_000, "ride_ended", 7L, 2L, Timing.LATE, true),
                        new WindowCount(START, END, "", 1L, 0L, Timing.ON_TIME, true))
                    .withCoder(WindowCountCoder.of()))
            .apply(new FormatCounts());

    PAssert.that(records)
        .containsInAnyOrder(
            List.of(
            KV.of(
                "ride_started",
                "{\"window\":{\"start\":\"2024-03-10T08:00:00.000Z\",\"end\":\"2024-03-10T08:01:00.000Z\"},"
                    + "\"event_type\":\"ride_started\",\"event_count\":42,"
                    + "\"pane\":{\"index\":0,\"timing\":\"EARLY\",\"final\":false}}"),
            KV.of(
                null,
                "{\"window\":{\"start\":\"2024-03-10T08:00:00.000Z\",\"end\":\"2024-03-10T08:01:00.000Z\"},"
                    + "\"event_type\":null,\"event_count\":3,"
                    + "\"pane\":{\"index\":1,\"timing\":\"ON_TIME\",\"final\":false}}"),
            KV.of(
                "ride_ended",
                "{\"window\":{\"start\":\"2024-03-10T07:59:30.000Z\",\"end\":\"2024-03-10T08:00:30.000Z\"},"
                    + "\"event_type\":\"ride_ended\",\"event_count\":7,"
                    + "\"pane\":{\"index\":2,\"timing\":\"LATE\",\"final\":true}}"),
            KV.of(
                "",
                "{\"window\":{\"start\":\"2024-03-10T08:00:00.000Z\",\"end\":\"2024-03-10T08:01:00.000Z\"},"
                    + "\"event_type\":\"\",\"event_count\":1,"
                    + "\"pane\":{\"index\":0,\"timing\":\"ON_TIME\",\"final\":true}}")));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void emptyInputGivesNoRecords(TestPipeline pipeline) {
    PCollection<KV<String, String>> records =
        pipeline
            .apply(Create.empty(WindowCountCoder.of()))
            .apply(new FormatCounts());
    PAssert.that(records).empty();
    pipeline.run().waitUntilFinish();
  }
}
