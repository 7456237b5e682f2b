package com.ridecounts.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/** Coder for {@link ParsedRecord}: a flag, then either the event or (reason, detail, original bytes). */
public final class ParsedRecordCoder extends AtomicCoder<ParsedRecord> {
  private static final ParsedRecordCoder INSTANCE = new ParsedRecordCoder();
  private static final Coder<Boolean> FLAG = BooleanCoder.of();
  private static final Coder<String> STRING = StringUtf8Coder.of();
  private static final Coder<byte[]> NULLABLE_BYTES = NullableCoder.of(ByteArrayCoder.of());

  private ParsedRecordCoder() {}

  public static ParsedRecordCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(ParsedRecord value, OutputStream out) throws IOException {
    FLAG.encode(value.isValid(), out);
    if (value.isValid()) {
      RideEventCoder.of().encode(value.event(), out);
    } else {
      STRING.encode(value.reason().name(), out);
      STRING.encode(value.detail(), out);
      NULLABLE_BYTES.encode(value.payload(), out);
    }
  }

  @Override
  public ParsedRecord decode(InputStream in) throws IOException {
    if (FLAG.decode(in)) {
      return ParsedRecord.valid(RideEventCoder.of().decode(in));
    }
    RejectReason reason = RejectReason.valueOf(STRING.decode(in));
    String detail = STRING.decode(in);
    return ParsedRecord.invalid(NULLABLE_BYTES.decode(in), reason, detail);
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    RideEventCoder.of().verifyDeterministic();
  }
}
