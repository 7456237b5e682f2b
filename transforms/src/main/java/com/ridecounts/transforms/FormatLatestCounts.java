package com.ridecounts.transforms;

import com.ridecounts.model.WindowCount;
import com.ridecounts.model.WindowCountJson;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Turns count panes into records for a compacted "latest counts" topic: key = {@link #key} of the pane's (window, event
 * type), value = the same JSON as the counts topic ({@link WindowCountJson}, pane index and final flag included). Kafka
 * compaction keeps the last record per key, so a consumer of the compacted topic reads one value per (window, event
 * type): once the final pane has been written, the final count.
 */
public final class FormatLatestCounts
    extends PTransform<PCollection<WindowCount>, PCollection<KV<@Nullable String, String>>> {

  /**
   * The compaction key of a pane: {@code <window start>/<window end>/<event type>}, times as in the value (UTC ISO-8601
   * with milliseconds), e.g. {@code 2024-03-10T08:00:00.000Z/2024-03-10T08:01:00.000Z/ride_started}. Events without a
   * type get the key {@code <window start>/<window end>}, with no third part, so the null type can never collide
   * with a real type (not even the empty string, whose key ends in {@code /}).
   */
  public static String key(WindowCount count) {
    String window =
        WindowCountJson.isoMillis(count.windowStartMillis()) + "/" + WindowCountJson.isoMillis(count.windowEndMillis());
    return count.eventType() == null ? window : window + "/" + count.eventType();
  }

  @Override
  public PCollection<KV<@Nullable String, String>> expand(PCollection<WindowCount> counts) {
    return counts
        .apply("Key count by window and type", ParDo.of(new ToKeyedRecordFn()))
        .setCoder(KvCoder.of(NullableCoder.of(StringUtf8Coder.of()), StringUtf8Coder.of()));
  }

  /** Keys each pane by its (window, event type) and encodes it. */
  static final class ToKeyedRecordFn extends DoFn<WindowCount, KV<@Nullable String, String>> {
    @ProcessElement
    public void process(@Element WindowCount count, OutputReceiver<KV<@Nullable String, String>> out) {
      out.output(KV.of(key(count), WindowCountJson.toJson(count)));
    }
  }
}
