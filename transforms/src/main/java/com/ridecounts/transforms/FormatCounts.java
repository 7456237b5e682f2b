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
 * Turns count panes into output records: key = event type (as the seed job; null for untyped events), value = the
 * JSON of {@link WindowCountJson}.
 */
public final class FormatCounts
    extends PTransform<PCollection<WindowCount>, PCollection<KV<@Nullable String, String>>> {

  @Override
  public PCollection<KV<@Nullable String, String>> expand(PCollection<WindowCount> counts) {
    return counts
        .apply("Encode count as JSON", ParDo.of(new ToRecordFn()))
        .setCoder(KvCoder.of(NullableCoder.of(StringUtf8Coder.of()), StringUtf8Coder.of()));
  }

  /** Keys each pane by its event type and encodes it. */
  static final class ToRecordFn extends DoFn<WindowCount, KV<@Nullable String, String>> {
    @ProcessElement
    public void process(@Element WindowCount count, OutputReceiver<KV<@Nullable String, String>> out) {
      out.output(KV.of(count.eventType(), WindowCountJson.toJson(count)));
    }
  }
}
