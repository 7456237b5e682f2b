package com.ridecounts.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** Coder for {@link SourcePosition}. */
public final class SourcePositionCoder extends AtomicCoder<SourcePosition> {
  private static final SourcePositionCoder INSTANCE = new SourcePositionCoder();

  private SourcePositionCoder() {}

  public static SourcePositionCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(SourcePosition value, OutputStream out) throws IOException {
    StringUtf8Coder.of().encode(value.topic(), out);
    VarIntCoder.of().encode(value.partition(), out);
    VarLongCoder.of().encode(value.offset(), out);
    VarLongCoder.of().encode(value.kafkaTimestampMillis(), out);
  }

  @Override
  public SourcePosition decode(InputStream in) throws IOException {
    return new SourcePosition(
        StringUtf8Coder.of().decode(in), VarIntCoder.of().decode(in), VarLongCoder.of().decode(in),
        VarLongCoder.of().decode(in));
  }
}
