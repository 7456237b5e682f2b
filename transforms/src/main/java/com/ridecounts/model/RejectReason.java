package com.ridecounts.model;

/** Why an input record was rejected and sent to the dead-letter topic. The name is the stable, machine-readable code. */
public enum RejectReason {
  /** The Kafka record had a null value (a tombstone). */
  NULL_VALUE,
  /** The Kafka record value was zero bytes long. */
  EMPTY_VALUE,
  /** The value is not well-formed JSON (including invalid UTF-8, NaN/Infinity, excessive nesting). */
  MALFORMED_JSON,
  /** The value is JSON but not a JSON object. */
  NOT_AN_OBJECT,
  /** A field name appears twice in one JSON object (anywhere in the value). */
  DUPLICATE_FIELD,
  /** A required field ({@code event_id}, {@code user_id}, {@code ts}) is absent or null. */
  MISSING_FIELD,
  /** A field has a JSON type the schema does not allow (for example a string {@code ts}). */
  WRONG_TYPE,
  /** A field has the right type but a value outside its domain (empty id, {@code ts} out of range, ...). */
  INVALID_VALUE,
  /** Something follows the JSON object in the same value. */
  TRAILING_DATA,
  /**
   * A valid event whose {@code ts} is further ahead of its Kafka record's timestamp than the job allows ({@link
   * FutureTimestamps}): it cannot have happened yet when it was written, and would push the watermark ahead.
   */
  FUTURE_TIMESTAMP
}
