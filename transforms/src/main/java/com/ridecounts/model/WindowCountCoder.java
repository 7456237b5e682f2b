package com.ridecounts.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** Deterministic coder for {@link WindowCount}. */
public final class WindowCountCoder extends AtomicCoder<WindowCount> {
  private static final WindowCountCoder INSTANCE = new WindowCountCoder();

  private WindowCountCoder() {}

  public static WindowCountCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(WindowCount value, OutputStream out) throws IOException {
    VarLongCoder.of().encode(value.windowStartMillis(), out);
    VarLongCoder.of().encode(value.windowEndMillis(), out);
    NullableCoder.of(StringUtf8Coder.of()).encode(value.eventType(), out);
    VarLongCoder.of().encode(value.count(), out);
    VarLongCoder.of().encode(value.paneIndex(), out);
    StringUtf8Coder.of().encode(value.timing().name(), out);
    BooleanCoder.of().encode(value.isFinal(), out);
  }

  @Override
  public WindowCount decode(InputStream in) throws IOException {
    return new WindowCount(
        VarLongCoder.of().decode(in),
        VarLongCoder.of().decode(in),
        NullableCoder.of(StringUtf8Coder.of()).decode(in),
        VarLongCoder.of().decode(in),
        VarLongCoder.of().decode(in),
        WindowCount.Timing.valueOf(StringUtf8Coder.of().decode(in)),
        BooleanCoder.of().decode(in));
  }
}
