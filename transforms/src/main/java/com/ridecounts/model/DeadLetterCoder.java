package com.ridecounts.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/** Coder for {@link DeadLetter}. */
public final class DeadLetterCoder extends AtomicCoder<DeadLetter> {
  private static final DeadLetterCoder INSTANCE = new DeadLetterCoder();

  private DeadLetterCoder() {}

  public static DeadLetterCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(DeadLetter value, OutputStream out) throws IOException {
    SourcePositionCoder.of().encode(value.source(), out);
    StringUtf8Coder.of().encode(value.reason().name(), out);
    StringUtf8Coder.of().encode(value.detail(), out);
    NullableCoder.of(ByteArrayCoder.of()).encode(value.payload(), out);
  }

  @Override
  public DeadLetter decode(InputStream in) throws IOException {
    return new DeadLetter(
        SourcePositionCoder.of().decode(in),
        RejectReason.valueOf(StringUtf8Coder.of().decode(in)),
        StringUtf8Coder.of().decode(in),
        NullableCoder.of(ByteArrayCoder.of()).decode(in));
  }
}
