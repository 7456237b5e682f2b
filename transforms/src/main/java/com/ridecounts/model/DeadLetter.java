package com.ridecounts.model;

import java.util.Arrays;
import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A rejected input record on its way to the dead-letter topic: original bytes, reason, and where it came from. */
public final class DeadLetter {
  private final SourcePosition source;
  private final RejectReason reason;
  private final String detail;
  private final byte @Nullable [] payload;

  public DeadLetter(SourcePosition source, RejectReason reason, String detail, byte @Nullable [] payload) {
    this.source = Objects.requireNonNull(source);
    this.reason = Objects.requireNonNull(reason);
    this.detail = Objects.requireNonNull(detail);
    this.payload = payload;
  }

  public SourcePosition source() {
    return source;
  }

  public RejectReason reason() {
    return reason;
  }

  public String detail() {
    return detail;
  }

  /** The original record value, or null when the record was a tombstone. */
  public byte @Nullable [] payload() {
    return payload;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof DeadLetter)) {
      return false;
    }
    DeadLetter that = (DeadLetter) o;
    return source.equals(that.source)
        && reason == that.reason
        && detail.equals(that.detail)
        && Arrays.equals(payload, that.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, reason, detail, Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return "DeadLetter{" + source + ", " + reason + ": " + detail + "}";
  }
}
