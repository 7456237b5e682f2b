package com.ridecounts.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Validates one input value against the explicit ride-event schema and turns it into a {@link ParsedRecord}. Never
 * throws: every way a value can be wrong becomes an invalid record with a {@link RejectReason} and a detail message.
 *
 * <p>The schema (never inferred from data):
 *
 * <ul>
 *   <li>{@code event_id}, {@code user_id}: required, non-empty JSON strings.
 *   <li>{@code ts}: required JSON integer, epoch milliseconds in [{@value #MIN_TS_MILLIS}, {@value #MAX_TS_MILLIS}]
 *       (1970-01-01 to 9999-12-31).
 *   <li>{@code event_type}: JSON string, null or absent (absent and null both mean the null type).
 *   <li>{@code amount}: finite JSON number, null or absent.
 *   <li>Any other field is accepted and ignored (additive schema evolution).
 *   <li>A field name given twice in one object, anywhere in the value, is rejected: duplicate JSON names are
 *       ambiguous (parsers disagree on which one wins), so such a value cannot be read reliably.
 * </ul>
 *
 * <p>It uses Jackson's streaming parser with strict duplicate detection, so a value is scanned once, without building a
 * tree.
 */
public final class RideEventParser {
  /** The earliest accepted {@code ts}: 1970-01-01T00:00:00.000Z. */
  public static final long MIN_TS_MILLIS = 0L;
  /** The latest accepted {@code ts}: 9999-12-31T23:59:59.999Z, the last instant with a four-digit ISO year. */
  public static final long MAX_TS_MILLIS = 253_402_300_799_999L;

  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private RideEventParser() {}

  /** Parses {@code value}, the raw Kafka record value (null for a tombstone). */
  public static ParsedRecord parse(byte @Nullable [] value) {
    if (value == null) {
      return ParsedRecord.invalid(null, RejectReason.NULL_VALUE, "record value is null");
    }
    if (value.length == 0) {
      return ParsedRecord.invalid(value, RejectReason.EMPTY_VALUE, "record value is empty");
    }
    try (JsonParser parser = FACTORY.createParser(value)) {
      return parseObject(parser, value);
    } catch (Rejection e) {
      return ParsedRecord.invalid(value, e.reason, e.getMessage());
    } catch (StreamConstraintsException e) {
      return ParsedRecord.invalid(value, RejectReason.MALFORMED_JSON, shorten(e.getOriginalMessage()));
    } catch (JsonParseException e) {
      String message = shorten(e.getOriginalMessage());
      if (message.startsWith("Duplicate field")) {
        return ParsedRecord.invalid(value, RejectReason.DUPLICATE_FIELD, message);
      }
      return ParsedRecord.invalid(value, RejectReason.MALFORMED_JSON, message);
    } catch (IOException | RuntimeException e) {
      return ParsedRecord.invalid(value, RejectReason.MALFORMED_JSON, shorten(String.valueOf(e.getMessage())));
    }
  }

  private static ParsedRecord parseObject(JsonParser parser, byte[] value) throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      return ParsedRecord.invalid(value, RejectReason.EMPTY_VALUE, "record value is blank");
    }
    if (first != JsonToken.START_OBJECT) {
      return ParsedRecord.invalid(value, RejectReason.NOT_AN_OBJECT, "expected a JSON object but found " + first);
    }
    String eventId = null;
    String userId = null;
    String eventType = null;
    Double amount = null;
    Long ts = null;
    String field;
    while ((field = parser.nextFieldName()) != null) {
      JsonToken token = parser.nextToken();
      switch (field) {
        case "event_id":
          eventId = requiredString(parser, token, field);
          break;
        case "user_id":
          userId = requiredString(parser, token, field);
          break;
        case "event_type":
          if (token != JsonToken.VALUE_NULL) {
            if (token != JsonToken.VALUE_STRING) {
              throw new Rejection(RejectReason.WRONG_TYPE, "event_type must be a string or null, found " + token);
            }
            eventType = parser.getText();
          }
          break;
        case "amount":
          amount = optionalAmount(parser, token);
          break;
        case "ts":
          ts = requiredTimestamp(parser, token);
          break;
        default:
          parser.skipChildren();
      }
    }
    JsonToken trailing;
    try {
      trailing = parser.nextToken();
    } catch (JsonParseException e) {
      // Something that is not even a JSON token follows the object ("} xyz", "}}", "},"): still trailing data.
      return ParsedRecord.invalid(
          value, RejectReason.TRAILING_DATA, "data follows the JSON object: " + shorten(e.getOriginalMessage()));
    }
    if (trailing != null) {
      return ParsedRecord.invalid(value, RejectReason.TRAILING_DATA, "data follows the JSON object");
    }
    if (eventId == null) {
      return missing(value, "event_id");
    }
    if (userId == null) {
      return missing(value, "user_id");
    }
    if (ts == null) {
      return missing(value, "ts");
    }
    return ParsedRecord.valid(new RideEvent(eventId, userId, eventType, amount, ts));
  }

  private static ParsedRecord missing(byte[] value, String field) {
    return ParsedRecord.invalid(value, RejectReason.MISSING_FIELD, "required field " + field + " is missing");
  }

  private static @Nullable String requiredString(JsonParser parser, JsonToken token, String field)
      throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null; // reported as missing once the whole object has been read
    }
    if (token != JsonToken.VALUE_STRING) {
      throw new Rejection(RejectReason.WRONG_TYPE, field + " must be a string, found " + token);
    }
    String text = parser.getText();
    if (text.isEmpty()) {
      throw new Rejection(RejectReason.INVALID_VALUE, field + " must not be empty");
    }
    return text;
  }

  private static @Nullable Double optionalAmount(JsonParser parser, JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
      throw new Rejection(RejectReason.WRONG_TYPE, "amount must be a number or null, found " + token);
    }
    double amount = parser.getDoubleValue();
    if (!Double.isFinite(amount)) {
      throw new Rejection(RejectReason.INVALID_VALUE, "amount is out of the range of a double");
    }
    return amount;
  }

  private static @Nullable Long requiredTimestamp(JsonParser parser, JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_NUMBER_INT) {
      throw new Rejection(RejectReason.WRONG_TYPE, "ts must be an integer (epoch milliseconds), found " + token);
    }
    JsonParser.NumberType type = parser.getNumberType();
    if (type == JsonParser.NumberType.BIG_INTEGER) {
      throw new Rejection(RejectReason.INVALID_VALUE, "ts does not fit in 64 bits");
    }
    long ts = parser.getLongValue();
    if (ts < MIN_TS_MILLIS || ts > MAX_TS_MILLIS) {
      throw new Rejection(
          RejectReason.INVALID_VALUE, "ts " + ts + " is outside [" + MIN_TS_MILLIS + ", " + MAX_TS_MILLIS + "]");
    }
    return ts;
  }

  private static String shorten(@Nullable String message) {
    if (message == null) {
      return "unreadable value";
    }
    String oneLine = message.replace('\n', ' ');
    return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
  }

  /** A schema violation found while scanning; carries the reason to {@link #parse}. */
  private static final class Rejection extends IOException {
    private final RejectReason reason;

    Rejection(RejectReason reason, String detail) {
      super(detail, null);
      this.reason = reason;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // a control-flow signal on the hot path: no stack trace needed
    }
  }
}
