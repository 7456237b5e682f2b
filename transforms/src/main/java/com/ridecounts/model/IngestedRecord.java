package com.ridecounts.model;

import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A deserialized input record together with its {@link SourcePosition}; the input of the validation step. */
public final class IngestedRecord {
  private final ParsedRecord record;
  private final SourcePosition source;

  public IngestedRecord(ParsedRecord record, SourcePosition source) {
    this.record = Objects.requireNonNull(record);
    this.source = Objects.requireNonNull(source);
  }

  public ParsedRecord record() {
    return record;
  }

  public SourcePosition source() {
    return source;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof IngestedRecord
        && record.equals(((IngestedRecord) o).record)
        && source.equals(((IngestedRecord) o).source);
  }

  @Override
  public int hashCode() {
    return Objects.hash(record, source);
  }

  @Override
  public String toString() {
    return record + " from " + source;
  }
}
