package com.ridecounts.transforms;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link CountRidesPerWindow.PartialCountFn}: one partial count per (window, event type) of a bundle, in its window,
 * stamped with the earliest timestamp it counts. A {@link TestStream} element batch is one bundle on the DirectRunner.
 */
@ExtendWith(TestPipelineExtension.class)
class PartialCountFnTest {
  private static final Instant T0 = Instant.parse("2024-03-10T08:00:00Z");

  private static TimestampedValue<@Nullable String> at(@Nullable String type, int seconds) {
    return TimestampedValue.of(type, T0.plus(Duration.standardSeconds(seconds)));
  }

  @Test
  void countsEachWindowAndTypeOfABundleOnceAtItsEarliestTimestamp(TestPipeline pipeline) {
    TestStream<@Nullable String> types =
        TestStream.create(NullableCoder.of(StringUtf8Coder.of()))
            .addElements(at("a", 40), at("a", 10), at("b", 20), at(null, 30), at(null, 50), at("a", 70))
            .advanceWatermarkToInfinity();
    PCollection<KV<@Nullable String, Long>> partials =
        pipeline
            .apply("Event types", types)
            .apply("Minute windows", Window.into(FixedWindows.of(Duration.standardMinutes(1))))
            .apply("Count per bundle", ParDo.of(new CountRidesPerWindow.PartialCountFn()))
            .setCoder(KvCoder.of(NullableCoder.of(StringUtf8Coder.of()), VarLongCoder.of()));

    IntervalWindow first = new IntervalWindow(T0, Duration.standardMinutes(1));
    IntervalWindow second = new IntervalWindow(first.end(), Duration.standardMinutes(1));
    PCollection<TimestampedValue<KV<@Nullable String, Long>>> stamped =
        partials.apply("Reify timestamps", Reify.timestamps());
    PAssert.that(stamped)
        .inWindow(first)
        .containsInAnyOrder(
            TimestampedValue.of(KV.of("a", 2L), T0.plus(Duration.standardSeconds(10))),
            TimestampedValue.of(KV.of("b", 1L), T0.plus(Duration.standardSeconds(20))),
            TimestampedValue.of(KV.of(null, 2L), T0.plus(Duration.standardSeconds(30))));
    PAssert.that(stamped)
        .inWindow(second)
        .containsInAnyOrder(TimestampedValue.of(KV.of("a", 1L), T0.plus(Duration.standardSeconds(70))));
    pipeline.run().waitUntilFinish();
  }
}
