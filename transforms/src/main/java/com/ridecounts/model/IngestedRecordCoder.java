package com.ridecounts.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** Coder for {@link IngestedRecord}. */
public final class IngestedRecordCoder extends AtomicCoder<IngestedRecord> {
  private static final IngestedRecordCoder INSTANCE = new IngestedRecordCoder();

  private IngestedRecordCoder() {}

  public static IngestedRecordCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(IngestedRecord value, OutputStream out) throws IOException {
    ParsedRecordCoder.of().encode(value.record(), out);
    SourcePositionCoder.of().encode(value.source(), out);
  }

  @Override
  public IngestedRecord decode(InputStream in) throws IOException {
    return new IngestedRecord(ParsedRecordCoder.of().decode(in), SourcePositionCoder.of().decode(in));
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    ParsedRecordCoder.of().verifyDeterministic();
  }
}
