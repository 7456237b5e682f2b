package com.ridecounts.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** Compact binary coder for {@link RideEvent}. */
public final class RideEventCoder extends AtomicCoder<RideEvent> {
  private static final RideEventCoder INSTANCE = new RideEventCoder();
  private static final Coder<String> STRING = StringUtf8Coder.of();
  private static final Coder<String> NULLABLE_STRING = NullableCoder.of(StringUtf8Coder.of());
  private static final Coder<Double> NULLABLE_DOUBLE = NullableCoder.of(DoubleCoder.of());
  private static final Coder<Long> LONG = VarLongCoder.of();

  private RideEventCoder() {}

  public static RideEventCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(RideEvent value, OutputStream out) throws IOException {
    STRING.encode(value.eventId(), out);
    STRING.encode(value.userId(), out);
    NULLABLE_STRING.encode(value.eventType(), out);
    NULLABLE_DOUBLE.encode(value.amount(), out);
    LONG.encode(value.tsMillis(), out);
  }

  @Override
  public RideEvent decode(InputStream in) throws IOException {
    return new RideEvent(
        STRING.decode(in), STRING.decode(in), NULLABLE_STRING.decode(in), NULLABLE_DOUBLE.decode(in), LONG.decode(in));
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    throw new NonDeterministicException(this, "contains a double amount");
  }
}
