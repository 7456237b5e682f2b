package com.ridecounts.transforms;

import com.ridecounts.model.DeadLetter;
import com.ridecounts.model.DeadLetterJson;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Turns dead letters into dead-letter records: key = the source record's identity {@code topic/partition/offset} (so a
 * replayed dead letter is recognisable), value = the JSON of {@link DeadLetterJson}. Dead letters live in the global
 * window: they are never late, whatever the watermark. Originals larger than {@code maxPayloadBytes} are truncated
 * (see {@link DeadLetterJson}), so a huge poison record still leaves a trace instead of a record the broker rejects.
 */
public final class FormatDeadLetters extends PTransform<PCollection<DeadLetter>, PCollection<KV<String, String>>> {
  private final int maxPayloadBytes;

  public FormatDeadLetters(int maxPayloadBytes) {
    this.maxPayloadBytes = maxPayloadBytes;
  }

  @Override
  public PCollection<KV<String, String>> expand(PCollection<DeadLetter> letters) {
    return letters
        .apply("Global window", Window.<DeadLetter>into(new GlobalWindows()))
        .apply("Encode dead letter as JSON", ParDo.of(new ToRecordFn(maxPayloadBytes)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
  }

  /** Keys each dead letter by its source identity and encodes it. */
  static final class ToRecordFn extends DoFn<DeadLetter, KV<String, String>> {
    private final int maxPayloadBytes;

    ToRecordFn(int maxPayloadBytes) {
      this.maxPayloadBytes = maxPayloadBytes;
    }

    @ProcessElement
    public void process(@Element DeadLetter letter, OutputReceiver<KV<String, String>> out) {
      out.output(KV.of(letter.source().id(), DeadLetterJson.toJson(letter, maxPayloadBytes)));
    }
  }
}
