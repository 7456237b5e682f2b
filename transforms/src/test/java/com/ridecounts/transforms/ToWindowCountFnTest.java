package com.ridecounts.transforms;

import static com.ridecounts.transforms.MetricsSupport.rideCounter;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.ridecounts.model.WindowCount;
import com.ridecounts.model.WindowCount.Timing;
import com.ridecounts.model.WindowCountCoder;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The last step of the count: a fired (type, count) pane becomes a {@link WindowCount}, and a count of 0, which only a
 * runner re-firing an already-cleared window produces (Beam 2.70's SparkRunner does), is suppressed and counted.
 */
@ExtendWith(TestPipelineExtension.class)
class ToWindowCountFnTest {
  private static final Instant T0 = Instant.parse("2024-03-10T08:00:00Z");

  @Test
  void zeroCountPaneIsSuppressedAndCountedWhileRealPanesPass(TestPipeline pipeline) {
    KvCoder<String, Long> coder = KvCoder.of(NullableCoder.of(StringUtf8Coder.of()), VarLongCoder.of());
    TestStream<KV<String, Long>> fired =
        TestStream.create(coder)
            .addElements(
                TimestampedValue.of(KV.of("ride_started", 3L), T0.plus(Duration.standardSeconds(5))),
                TimestampedValue.of(KV.of("ride_ended", 0L), T0.plus(Duration.standardSeconds(6))))
            .advanceWatermarkToInfinity();
    // A sum per key in one-minute windows gives each value a real ON_TIME, final pane, like the count's panes.
    PCollection<WindowCount> counts =
        pipeline
            .apply(fired)
            .apply(Window.into(FixedWindows.of(Duration.standardMinutes(1))))
            .apply(Sum.longsPerKey())
            .apply(ParDo.of(new CountRidesPerWindow.ToWindowCountFn()))
            .setCoder(WindowCountCoder.of());

    PAssert.that(counts)
        .containsInAnyOrder(
            new WindowCount(
                T0.getMillis(), T0.plus(Duration.standardMinutes(1)).getMillis(), "ride_started", 3, 0, Timing.ON_TIME,
                true));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(1, rideCounter(result, RideCountsMetrics.EMPTY_PANES_SUPPRESSED));
  }
}
