package com.ridecounts.model;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The schema of {@link RideEventParser}: what is accepted, and every way a value is rejected and why. */
class RideEventParserTest {
  /** 2024-03-10T08:00:10Z. */
  private static final long TS = 1_710_057_610_000L;
  /** A complete, valid set of the required fields, to build objects around. */
  private static final String REQUIRED = "\"event_id\":\"e-1\",\"user_id\":\"u-42\",\"ts\":" + TS;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static RideEvent parseValid(String json) {
    ParsedRecord record = RideEventParser.parse(utf8(json));
    assertTrue(record.isValid(), () -> "expected valid, got " + record + " for " + json);
    assertNull(record.payload(), "a valid record carries no payload");
    assertThrows(IllegalStateException.class, record::reason);
    assertThrows(IllegalStateException.class, record::detail);
    return record.event();
  }

  /** Parses {@code value} and checks it is rejected for {@code reason}, with a detail and the original bytes kept. */
  private static ParsedRecord assertRejected(byte[] value, RejectReason reason) {
    byte[] original = value == null ? null : value.clone();
    ParsedRecord record = RideEventParser.parse(value);
    assertFalse(record.isValid(), () -> "expected " + reason + ", got " + record);
    assertEquals(reason, record.reason(), record::detail);
    assertThat(record.detail(), not(emptyOrNullString()));
    assertArrayEquals(original, record.payload(), "the rejected record must keep the original bytes");
    assertThrows(IllegalStateException.class, record::event);
    return record;
  }

  private static ParsedRecord assertRejected(String json, RejectReason reason) {
    return assertRejected(utf8(json), reason);
  }

  private static String withRequired(String extraFields) {
    return "{" + REQUIRED + "," + extraFields + "}";
  }

  @Nested
  class Accepted {
    @Test
    void validEventWithAllFields() {
      RideEvent event =
          parseValid(
              "{\"event_id\":\"e-1\",\"user_id\":\"u-42\",\"event_type\":\"ride_started\",\"amount\":12.5,\"ts\":"
                  + TS
                  + "}");
      assertEquals(new RideEvent("e-1", "u-42", "ride_started", 12.5, TS), event);
      assertEquals("e-1", event.eventId());
      assertEquals("u-42", event.userId());
      assertEquals("ride_started", event.eventType());
      assertEquals(12.5, event.amount());
      assertEquals(TS, event.tsMillis());
    }

    @Test
    void fieldOrderDoesNotMatterAndWhitespaceIsAllowed() {
      RideEvent event =
          parseValid(
              "\n {\n \"ts\" : " + TS + " ,\n \"amount\":3,\"event_type\":\"ride_ended\",\"user_id\":\"u\","
                  + " \"event_id\":\"e\" }\r\n");
      assertEquals(new RideEvent("e", "u", "ride_ended", 3.0, TS), event);
    }

    @Test
    void unicodeAndEscapesAreDecoded() {
      RideEvent event =
          parseValid("{" + REQUIRED + ",\"event_type\":\"r\\u00e9servation \\\"x\\\" \u00fc \uD83D\uDE95\"}");
      assertEquals("r\u00e9servation \"x\" \u00fc \uD83D\uDE95", event.eventType());
    }

    @Test
    void utf8ByteOrderMarkIsSkipped() {
      byte[] json = utf8("{" + REQUIRED + "}");
      byte[] withBom = new byte[json.length + 3];
      withBom[0] = (byte) 0xEF;
      withBom[1] = (byte) 0xBB;
      withBom[2] = (byte) 0xBF;
      System.arraycopy(json, 0, withBom, 3, json.length);
      ParsedRecord record = RideEventParser.parse(withBom);
      assertTrue(record.isValid(), record::toString);
      assertEquals(new RideEvent("e-1", "u-42", null, null, TS), record.event());
    }

    @Test
    void unknownFieldsOfEveryShapeAreIgnored() {
      RideEvent event =
          parseValid(
              "{\"meta\":{\"source\":\"app\",\"nested\":{\"deeper\":[1,2,{\"x\":null}],\"ts\":\"not-a-number\"}},"
                  + "\"tags\":[\"a\",[\"b\",{\"event_id\":5}],{}],"
                  + REQUIRED
                  + ",\"event_type\":\"ride_started\",\"version\":2,\"ratio\":-0.5e-3,\"flag\":true,"
                  + "\"nothing\":null,\"empty_obj\":{},\"empty_arr\":[],\"Event_Id\":\"case differs\"}");
      // Schema names inside unknown objects/arrays, and names differing only in case, are not schema fields.
      assertEquals(new RideEvent("e-1", "u-42", "ride_started", null, TS), event);
    }

    @Test
    void nestingJustBelowTheLimitIsAccepted() {
      // The object itself is depth 1, so 999 nested arrays reach Jackson's default limit of 1000 exactly.
      String deep = "[".repeat(999) + "]".repeat(999);
      assertEquals(new RideEvent("e-1", "u-42", null, null, TS), parseValid(withRequired("\"deep\":" + deep)));
    }

    @Test
    void eventTypeNullAndAbsentBothMeanTheNullType() {
      assertNull(parseValid(withRequired("\"event_type\":null")).eventType());
      assertNull(parseValid("{" + REQUIRED + "}").eventType());
      assertEquals(
          parseValid(withRequired("\"event_type\":null")), parseValid("{" + REQUIRED + "}"),
          "null and absent event_type give the same event");
    }

    @Test
    void emptyEventTypeIsAStringNotNull() {
      assertEquals("", parseValid(withRequired("\"event_type\":\"\"")).eventType());
    }

    @Test
    void amountNullAbsentIntAndFloat() {
      assertNull(parseValid(withRequired("\"amount\":null")).amount());
      assertNull(parseValid("{" + REQUIRED + "}").amount());
      assertEquals(12.0, parseValid(withRequired("\"amount\":12")).amount());
      assertEquals(0.0, parseValid(withRequired("\"amount\":0")).amount());
      assertEquals(-7.0, parseValid(withRequired("\"amount\":-7")).amount());
      assertEquals(12.75, parseValid(withRequired("\"amount\":12.75")).amount());
      assertEquals(-0.001, parseValid(withRequired("\"amount\":-1e-3")).amount());
      assertEquals(150.0, parseValid(withRequired("\"amount\":1.5E2")).amount());
      assertEquals(Double.MAX_VALUE, parseValid(withRequired("\"amount\":" + Double.MAX_VALUE)).amount());
    }

    @Test
    void tsAtBothEndsOfTheRangeIsAccepted() {
      assertEquals(0L, parseValid("{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":0}").tsMillis());
      assertEquals(0L, parseValid("{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":-0}").tsMillis());
      assertEquals(
          RideEventParser.MAX_TS_MILLIS,
          parseValid("{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":253402300799999}").tsMillis());
      assertEquals(
          java.time.Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli(), RideEventParser.MAX_TS_MILLIS);
    }

    @Test
    void trailingWhitespaceIsNotTrailingData() {
      assertEquals(new RideEvent("e-1", "u-42", null, null, TS), parseValid("{" + REQUIRED + "} \n\t\r\n"));
    }
  }

  @Nested
  class Rejected {
    @Test
    void tombstoneIsNullValueWithNullPayload() {
      ParsedRecord record = assertRejected((byte[]) null, RejectReason.NULL_VALUE);
      assertNull(record.payload());
    }

    @Test
    void zeroBytesIsEmptyValue() {
      ParsedRecord record = assertRejected(new byte[0], RejectReason.EMPTY_VALUE);
      assertEquals(0, record.payload().length);
    }

    @Test
    void blankWhitespaceIsEmptyValue() {
      ParsedRecord record = assertRejected(" \t\r\n  ", RejectReason.EMPTY_VALUE);
      assertThat(record.detail(), containsString("blank"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("com.ridecounts.model.RideEventParserTest#malformed")
    void malformedJson(String name, String json) {
      assertRejected(json, RejectReason.MALFORMED_JSON);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("com.ridecounts.model.RideEventParserTest#notAnObject")
    void topLevelValueThatIsNotAnObject(String name, String json) {
      ParsedRecord record = assertRejected(json, RejectReason.NOT_AN_OBJECT);
      assertThat(record.detail(), containsString("expected a JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("com.ridecounts.model.RideEventParserTest#missing")
    void missingOrNullRequiredField(String name, String json, String field) {
      ParsedRecord record = assertRejected(json, RejectReason.MISSING_FIELD);
      assertEquals("required field " + field + " is missing", record.detail());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("com.ridecounts.model.RideEventParserTest#wrongType")
    void wrongJsonType(String name, String json, String field) {
      ParsedRecord record = assertRejected(json, RejectReason.WRONG_TYPE);
      assertThat(record.detail(), containsString(field));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("com.ridecounts.model.RideEventParserTest#invalidValue")
    void valueOutsideTheDomain(String name, String json, String detailFragment) {
      ParsedRecord record = assertRejected(json, RejectReason.INVALID_VALUE);
      assertThat(record.detail(), containsString(detailFragment));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("com.ridecounts.model.RideEventParserTest#duplicate")
    void duplicateSchemaField(String name, String json, String field) {
      ParsedRecord record = assertRejected(json, RejectReason.DUPLICATE_FIELD);
      assertThat(record.detail(), containsString("'" + field + "'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("com.ridecounts.model.RideEventParserTest#trailing")
    void dataAfterTheObject(String name, String json) {
      assertRejected(json, RejectReason.TRAILING_DATA);
    }

    @Test
    void duplicateUnknownFieldIsAlsoRejected() {
      // Current behaviour (Jackson's STRICT_DUPLICATE_DETECTION applies to every object, not only schema fields).
      assertRejected(withRequired("\"x\":1,\"x\":2"), RejectReason.DUPLICATE_FIELD);
      assertRejected(withRequired("\"meta\":{\"a\":1,\"a\":2}"), RejectReason.DUPLICATE_FIELD);
    }

    @Test
    void deeplyNestedUnknownFieldIsMalformedNotAStackOverflow() {
      String deepArrays = "[".repeat(5000) + "]".repeat(5000);
      String deepObjects = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);
      for (String deep : new String[] {deepArrays, deepObjects}) {
        ParsedRecord record = assertRejected(withRequired("\"deep\":" + deep), RejectReason.MALFORMED_JSON);
        assertThat(record.detail(), containsString("nesting depth"));
      }
    }

    @Test
    void invalidUtf8InEveryPositionIsMalformed() {
      String[] templates = {
        withRequired("\"event_type\":\"ab@cd\""), // a string the parser decodes
        "{\"event_id\":\"e@\",\"user_id\":\"u\",\"ts\":1}", // a required string
        withRequired("\"unknown\":\"ab@cd\""), // a skipped value
        withRequired("\"unk@nown\":1"), // a field name
        withRequired("\"unknown\":[\"x\",{\"y\":\"@\"}]"), // deep inside a skipped value
      };
      byte[][] badSequences = {
        {(byte) 0xFF}, // never valid in UTF-8
        {(byte) 0xC3}, // a lead byte without its continuation byte
        {(byte) 0x80}, // a lone continuation byte
      };
      for (String template : templates) {
        for (byte[] bad : badSequences) {
          byte[] json = utf8(template);
          int at = template.indexOf('@');
          byte[] value = new byte[json.length - 1 + bad.length];
          System.arraycopy(json, 0, value, 0, at);
          System.arraycopy(bad, 0, value, at, bad.length);
          System.arraycopy(json, at + 1, value, at + bad.length, json.length - at - 1);
          ParsedRecord record = assertRejected(value, RejectReason.MALFORMED_JSON);
          assertThat(template + " with " + Arrays.toString(bad), record.detail(), containsString("UTF-8"));
        }
      }
    }

    @Test
    void hugeNumberIsRejectedWithoutParsingIt() {
      // Longer than Jackson's default number length limit (1000 digits): a constraint violation, not a crash.
      assertRejected(
          "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":" + "9".repeat(1500) + "}", RejectReason.MALFORMED_JSON);
    }

    @Test
    void detailIsShortenedToABoundedLength() {
      // Jackson quotes up to 256 characters of an unrecognized token; the dead-letter detail is cut at 300 + "...".
      ParsedRecord record =
          assertRejected(withRequired("\"note\":" + "x".repeat(5000)), RejectReason.MALFORMED_JSON);
      assertTrue(record.detail().startsWith("Unrecognized token 'xxx"), record.detail());
      assertEquals(303, record.detail().length());
      assertTrue(record.detail().endsWith("..."), record.detail());
      // A short message is left alone.
      assertEquals(
          "Illegal unquoted character ((CTRL-CHAR, code 10)): has to be escaped using backslash to be included in "
              + "string value",
          assertRejected("{\"event_id\":\"a\nb\"}", RejectReason.MALFORMED_JSON).detail());
    }

    @Test
    void firstSchemaViolationWinsOverALaterMissingField() {
      assertRejected("{\"ts\":\"1\"}", RejectReason.WRONG_TYPE);
      assertRejected("{\"event_id\":\"\"}", RejectReason.INVALID_VALUE);
    }

    @Test
    void payloadOfARejectedRecordIsTheExactInputBytes() {
      byte[] value = utf8("{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":\"oops\",\"note\":\"\u00e9\"}");
      ParsedRecord record = RideEventParser.parse(value);
      assertEquals(RejectReason.WRONG_TYPE, record.reason());
      assertArrayEquals(utf8("{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":\"oops\",\"note\":\"\u00e9\"}"),
          record.payload());
    }
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("plain text", "not json"),
        Arguments.of("single brace", "{"),
        Arguments.of("truncated after a field", "{\"event_id\":\"e-1\""),
        Arguments.of("truncated inside a string", "{\"event_id\":\"e-"),
        Arguments.of("truncated after a comma", "{" + REQUIRED + ","),
        Arguments.of("truncated inside a nested unknown field", "{" + REQUIRED + ",\"meta\":{\"a\":[1,2"),
        Arguments.of("truncated number", "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":17100"),
        Arguments.of("missing value", "{\"event_id\":}"),
        Arguments.of("missing colon", "{\"event_id\" \"e\"}"),
        Arguments.of("trailing comma in object", "{" + REQUIRED + ",}"),
        Arguments.of("single quotes", "{'event_id':'e-1','user_id':'u','ts':1}"),
        Arguments.of("unquoted field names", "{event_id:\"e-1\",user_id:\"u\",ts:1}"),
        Arguments.of("comment", "{" + REQUIRED + " /* note */}"),
        Arguments.of("NaN amount", withRequired("\"amount\":NaN")),
        Arguments.of("Infinity amount", withRequired("\"amount\":Infinity")),
        Arguments.of("-Infinity amount", withRequired("\"amount\":-Infinity")),
        Arguments.of("NaN ts", "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":NaN}"),
        Arguments.of("leading zero", withRequired("\"amount\":012")),
        Arguments.of("leading plus", withRequired("\"amount\":+1")),
        Arguments.of("hex number", "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":0x10}"),
        Arguments.of("raw control character in string", withRequired("\"event_type\":\"a\u0001b\"")),
        Arguments.of("invalid escape", withRequired("\"event_type\":\"a\\qb\"")),
        Arguments.of("bare word value", withRequired("\"flag\":yes")));
  }

  static Stream<Arguments> notAnObject() {
    return Stream.of(
        Arguments.of("array of objects", "[{" + REQUIRED + "}]"),
        Arguments.of("empty array", "[]"),
        Arguments.of("string", "\"{\\\"event_id\\\":\\\"e\\\"}\""),
        Arguments.of("integer", "42"),
        Arguments.of("float", "3.5"),
        Arguments.of("boolean", "true"),
        Arguments.of("null literal", "null"));
  }

  static Stream<Arguments> missing() {
    return Stream.of(
        Arguments.of("empty object", "{}", "event_id"),
        Arguments.of("no event_id", "{\"user_id\":\"u\",\"ts\":" + TS + "}", "event_id"),
        Arguments.of("no user_id", "{\"event_id\":\"e\",\"ts\":" + TS + "}", "user_id"),
        Arguments.of("no ts", "{\"event_id\":\"e\",\"user_id\":\"u\",\"event_type\":\"x\",\"amount\":1}", "ts"),
        Arguments.of("null ts", "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":null}", "ts"),
        Arguments.of("null event_id", "{\"event_id\":null,\"user_id\":\"u\",\"ts\":" + TS + "}", "event_id"),
        Arguments.of("null user_id", "{\"event_id\":\"e\",\"user_id\":null,\"ts\":" + TS + "}", "user_id"),
        Arguments.of(
            "required field only inside an unknown object",
            "{\"meta\":{\"ts\":" + TS + "},\"event_id\":\"e\",\"user_id\":\"u\"}",
            "ts"));
  }

  static Stream<Arguments> wrongType() {
    String ids = "\"event_id\":\"e\",\"user_id\":\"u\",";
    return Stream.of(
        Arguments.of("ts as string", "{" + ids + "\"ts\":\"" + TS + "\"}", "ts"),
        Arguments.of("ts as float 1.5", "{" + ids + "\"ts\":1.5}", "ts"),
        Arguments.of("ts as float with zero fraction", "{" + ids + "\"ts\":" + TS + ".0}", "ts"),
        Arguments.of("ts in exponent notation", "{" + ids + "\"ts\":1.7e12}", "ts"),
        Arguments.of("ts as boolean", "{" + ids + "\"ts\":true}", "ts"),
        Arguments.of("ts as object", "{" + ids + "\"ts\":{\"ms\":1}}", "ts"),
        Arguments.of("ts as array", "{" + ids + "\"ts\":[" + TS + "]}", "ts"),
        Arguments.of("event_id as number", "{\"event_id\":123,\"user_id\":\"u\",\"ts\":" + TS + "}", "event_id"),
        Arguments.of("event_id as array", "{\"event_id\":[\"e\"],\"user_id\":\"u\",\"ts\":" + TS + "}", "event_id"),
        Arguments.of("event_id as boolean", "{\"event_id\":false,\"user_id\":\"u\",\"ts\":" + TS + "}", "event_id"),
        Arguments.of("user_id as number", "{\"event_id\":\"e\",\"user_id\":42,\"ts\":" + TS + "}", "user_id"),
        Arguments.of("user_id as object", "{\"event_id\":\"e\",\"user_id\":{},\"ts\":" + TS + "}", "user_id"),
        Arguments.of("event_type as number", withRequired("\"event_type\":7"), "event_type"),
        Arguments.of("event_type as object", withRequired("\"event_type\":{\"name\":\"x\"}"), "event_type"),
        Arguments.of("event_type as array", withRequired("\"event_type\":[\"x\"]"), "event_type"),
        Arguments.of("event_type as boolean", withRequired("\"event_type\":true"), "event_type"),
        Arguments.of("amount as string", withRequired("\"amount\":\"12.5\""), "amount"),
        Arguments.of("amount as boolean", withRequired("\"amount\":true"), "amount"),
        Arguments.of("amount as object", withRequired("\"amount\":{\"value\":1}"), "amount"),
        Arguments.of("amount as array", withRequired("\"amount\":[1]"), "amount"));
  }

  static Stream<Arguments> invalidValue() {
    String ids = "\"event_id\":\"e\",\"user_id\":\"u\",";
    return Stream.of(
        Arguments.of("empty event_id", "{\"event_id\":\"\",\"user_id\":\"u\",\"ts\":" + TS + "}", "event_id"),
        Arguments.of("empty user_id", "{\"event_id\":\"e\",\"user_id\":\"\",\"ts\":" + TS + "}", "user_id"),
        Arguments.of("negative ts", "{" + ids + "\"ts\":-1}", "outside"),
        Arguments.of("ts just after 9999-12-31", "{" + ids + "\"ts\":253402300800000}", "outside"),
        Arguments.of("ts = Long.MAX_VALUE", "{" + ids + "\"ts\":" + Long.MAX_VALUE + "}", "outside"),
        Arguments.of("ts = Long.MIN_VALUE", "{" + ids + "\"ts\":" + Long.MIN_VALUE + "}", "outside"),
        Arguments.of("ts beyond long (BIG_INTEGER)", "{" + ids + "\"ts\":9223372036854775808}", "64 bits"),
        Arguments.of("ts far beyond long", "{" + ids + "\"ts\":123456789012345678901234567890}", "64 bits"),
        Arguments.of("ts far below long", "{" + ids + "\"ts\":-99999999999999999999}", "64 bits"),
        Arguments.of("amount overflows a double", withRequired("\"amount\":1e400"), "amount"),
        Arguments.of("amount overflows a double (negative)", withRequired("\"amount\":-2e308"), "amount"),
        Arguments.of("integer amount overflows a double", withRequired("\"amount\":" + "9".repeat(400)), "amount"));
  }

  static Stream<Arguments> duplicate() {
    return Stream.of(
        Arguments.of("event_id twice", withRequired("\"event_id\":\"e-2\""), "event_id"),
        Arguments.of("same event_id twice", withRequired("\"event_id\":\"e-1\""), "event_id"),
        Arguments.of("user_id twice", withRequired("\"user_id\":\"u-43\""), "user_id"),
        Arguments.of("ts twice", withRequired("\"ts\":" + (TS + 1)), "ts"),
        Arguments.of("event_type null then string",
            withRequired("\"event_type\":null,\"event_type\":\"ride_started\""), "event_type"),
        Arguments.of("amount twice", withRequired("\"amount\":1,\"amount\":2"), "amount"),
        Arguments.of("required field given as null then value",
            "{\"event_id\":null,\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":" + TS + "}", "event_id"));
  }

  static Stream<Arguments> trailing() {
    String event = "{" + REQUIRED + "}";
    return Stream.of(
        Arguments.of("second object", event + "{\"event_id\":\"e-2\",\"user_id\":\"u\",\"ts\":1}"),
        Arguments.of("empty object after whitespace", event + " {}"),
        Arguments.of("number", event + " 1"),
        Arguments.of("string", event + "\"x\""),
        Arguments.of("array", event + "[]"),
        Arguments.of("null literal", event + "\nnull"),
        Arguments.of("the same event twice (newline-delimited)", event + "\n" + event),
        Arguments.of("garbage word", event + " xyz"),
        Arguments.of("extra closing brace", event + "}"),
        Arguments.of("extra closing bracket", event + "]"),
        Arguments.of("comma", event + ","),
        Arguments.of("trailing data after an otherwise incomplete object", "{\"event_id\":\"e\"} trailing"));
  }
}
