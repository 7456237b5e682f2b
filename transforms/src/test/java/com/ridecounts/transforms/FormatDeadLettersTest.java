package com.ridecounts.transforms;

import com.ridecounts.model.DeadLetter;
import com.ridecounts.model.DeadLetterCoder;
import com.ridecounts.model.RejectReason;
import com.ridecounts.model.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class FormatDeadLettersTest {
  @Test
  void keyIsTheSourceIdentityAndEveryLetterEndsUpInTheGlobalWindow(TestPipeline pipeline) {
    DeadLetter missing =
        new DeadLetter(
            new SourcePosition("ride_events", 0, 17L, 1_710_057_600_000L),
            RejectReason.MISSING_FIELD,
            "required field ts is missing",
            "{\"event_id\":\"e1\"}".getBytes(StandardCharsets.UTF_8));
    DeadLetter tombstone =
        new DeadLetter(new SourcePosition("ride_events", 3, 5L, 7L), RejectReason.NULL_VALUE, "null", null);

    PCollection<KV<String, String>> records =
        pipeline
            .apply(
                Create.timestamped(
                        TimestampedValue.of(missing, new Instant(1_710_057_600_000L)),
                        TimestampedValue.of(tombstone, new Instant(0L)))
                    .withCoder(DeadLetterCoder.of()))
            // whatever windowing the letters arrive in
            .apply(Window.into(FixedWindows.of(Duration.standardMinutes(1))))
            .apply(new FormatDeadLetters(1024));

    PAssert.that(records)
        .inWindow(GlobalWindow.INSTANCE)
        .containsInAnyOrder(
            List.of(
            KV.of(
                "ride_events/0/17",
                "{\"reason\":\"MISSING_FIELD\",\"detail\":\"required field ts is missing\","
                    + "\"source\":{\"topic\":\"ride_events\",\"partition\":0,\"offset\":17,"
                    + "\"timestamp_ms\":1710057600000},\"payload_base64\":\"eyJldmVudF9pZCI6ImUxIn0=\"}"),
            KV.of(
                "ride_events/3/5",
                "{\"reason\":\"NULL_VALUE\",\"detail\":\"null\","
                    + "\"source\":{\"topic\":\"ride_events\",\"partition\":3,\"offset\":5,\"timestamp_ms\":7},"
                    + "\"payload_base64\":null}")));
    pipeline.run().waitUntilFinish();
  }
}
