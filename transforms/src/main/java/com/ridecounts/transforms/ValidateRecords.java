package com.ridecounts.transforms;

import com.ridecounts.model.DeadLetter;
import com.ridecounts.model.DeadLetterCoder;
import com.ridecounts.model.IngestedRecord;
import com.ridecounts.model.ParsedRecord;
import com.ridecounts.model.RejectReason;
import com.ridecounts.model.RideEvent;
import com.ridecounts.model.RideEventCoder;
import java.util.EnumMap;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Splits deserialized input records into valid {@link RideEvent}s ({@link #VALID}) and {@link DeadLetter}s ({@link
 * #DEAD_LETTERS}) that keep the original bytes, the reason and the source position. Nothing is dropped: every input
 * record leaves on exactly one of the two outputs, and each is counted in {@link RideCountsMetrics}.
 */
public final class ValidateRecords extends PTransform<PCollection<IngestedRecord>, PCollectionTuple> {
  public static final TupleTag<RideEvent> VALID = new TupleTag<RideEvent>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<DeadLetter>() {};

  @Override
  public PCollectionTuple expand(PCollection<IngestedRecord> input) {
    PCollectionTuple split =
        input.apply(
            "Route valid and invalid records",
            ParDo.of(new RouteFn()).withOutputTags(VALID, TupleTagList.of(DEAD_LETTERS)));
    split.get(VALID).setCoder(RideEventCoder.of());
    split.get(DEAD_LETTERS).setCoder(DeadLetterCoder.of());
    return split;
  }

  /** Sends each record to the valid or the dead-letter output and counts it. */
  static final class RouteFn extends DoFn<IngestedRecord, RideEvent> {
    private final Counter read = RideCountsMetrics.counter(RideCountsMetrics.RECORDS_READ);
    private final Counter valid = RideCountsMetrics.counter(RideCountsMetrics.EVENTS_VALID);
    private final Counter deadLettered = RideCountsMetrics.counter(RideCountsMetrics.DEAD_LETTERED);
    private final Map<RejectReason, Counter> byReason = new EnumMap<>(RejectReason.class);

    RouteFn() {
      for (RejectReason reason : RejectReason.values()) {
        byReason.put(reason, RideCountsMetrics.counter(RideCountsMetrics.DEAD_LETTERED_PREFIX + reason.name()));
      }
    }

    @ProcessElement
    public void process(@Element IngestedRecord ingested, MultiOutputReceiver out) {
      read.inc();
      ParsedRecord record = ingested.record();
      if (record.isValid()) {
        valid.inc();
        out.get(VALID).output(record.event());
      } else {
        deadLettered.inc();
        byReason.get(record.reason()).inc();
        out.get(DEAD_LETTERS)
            .output(new DeadLetter(ingested.source(), record.reason(), record.detail(), record.payload()));
      }
    }
  }
}
