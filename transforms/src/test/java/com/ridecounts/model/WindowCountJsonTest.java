package com.ridecounts.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ridecounts.model.WindowCount.Timing;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowCountJsonTest {
  private static final long START = Instant.parse("2024-03-10T08:00:00Z").toEpochMilli();
  private static final long END = Instant.parse("2024-03-10T08:01:00Z").toEpochMilli();

  @Test
  void exactFormatOfAKnownCount() {
    WindowCount count = new WindowCount(START, END, "ride_started", 42L, 0L, Timing.EARLY, false);
    assertEquals(
        "{\"window\":{\"start\":\"2024-03-10T08:00:00.000Z\",\"end\":\"2024-03-10T08:01:00.000Z\"},"
            + "\"event_type\":\"ride_started\",\"event_count\":42,"
            + "\"pane\":{\"index\":0,\"timing\":\"EARLY\",\"final\":false}}",
        WindowCountJson.toJson(count));
  }

  @Test
  void resultJsonIsTheSeedJobsRowWithoutPaneMetadata() {
    assertEquals(
        "{\"window\":{\"start\":\"2024-03-10T08:00:00.000Z\",\"end\":\"2024-03-10T08:01:00.000Z\"},"
            + "\"event_type\":\"ride_started\",\"event_count\":42}",
        WindowCountJson.toResultJson(new WindowCount(START, END, "ride_started", 42L, 3L, Timing.LATE, true)));
    assertEquals(
        "{\"window\":{\"start\":\"2024-03-10T08:00:00.000Z\",\"end\":\"2024-03-10T08:01:00.000Z\"},"
            + "\"event_type\":null,\"event_count\":0}",
        WindowCountJson.toResultJson(new WindowCount(START, END, null, 0L, 0L, Timing.EARLY, false)));
    // Two panes of the same result differ only in what toResultJson leaves out.
    assertEquals(
        WindowCountJson.toResultJson(new WindowCount(START, END, "x", 5L, 0L, Timing.ON_TIME, false)),
        WindowCountJson.toResultJson(new WindowCount(START, END, "x", 5L, 2L, Timing.LATE, true)));
  }

  @Test
  void nullEventTypeIsJsonNullNotTheStringNull() throws Exception {
    String json = WindowCountJson.toJson(new WindowCount(START, END, null, 5L, 3L, Timing.LATE, true));
    assertEquals(
        "{\"window\":{\"start\":\"2024-03-10T08:00:00.000Z\",\"end\":\"2024-03-10T08:01:00.000Z\"},"
            + "\"event_type\":null,\"event_count\":5,"
            + "\"pane\":{\"index\":3,\"timing\":\"LATE\",\"final\":true}}",
        json);
    JsonNode type = new ObjectMapper().readTree(json).get("event_type");
    assertTrue(type.isNull());
    assertNull(WindowCountJson.fromJson(json).eventType());
    // ...while a real type called "null" stays a string.
    assertEquals("null", WindowCountJson.fromJson(
        WindowCountJson.toJson(new WindowCount(START, END, "null", 5L, 3L, Timing.LATE, true))).eventType());
  }

  @Test
  void millisecondsAndEscapingAreWrittenExactly() {
    WindowCount count =
        new WindowCount(START + 123, END + 7, "a\"b\\c\n\u00e9", 1L, 2L, Timing.ON_TIME, true);
    assertEquals(
        "{\"window\":{\"start\":\"2024-03-10T08:00:00.123Z\",\"end\":\"2024-03-10T08:01:00.007Z\"},"
            + "\"event_type\":\"a\\\"b\\\\c\\n\u00e9\",\"event_count\":1,"
            + "\"pane\":{\"index\":2,\"timing\":\"ON_TIME\",\"final\":true}}",
        WindowCountJson.toJson(count));
  }

  @Test
  void roundTripsThroughFromJson() {
    WindowCount[] counts = {
      new WindowCount(START, END, "ride_started", 42L, 0L, Timing.EARLY, false),
      new WindowCount(START, END, null, 0L, 1L, Timing.ON_TIME, false),
      new WindowCount(START - 30_000, END - 30_000, "", Long.MAX_VALUE, 17L, Timing.LATE, true),
      new WindowCount(START, END, "a\"b\\c\n\u00e9\uD83D\uDE95", 1L, 2L, Timing.ON_TIME, true),
      // windows around both ends of the accepted ts range
      new WindowCount(-30_000L, 30_000L, "x", 1L, 0L, Timing.ON_TIME, true),
      new WindowCount(
          RideEventParser.MAX_TS_MILLIS - 59_999, RideEventParser.MAX_TS_MILLIS + 1, "x", 1L, 0L, Timing.ON_TIME, true),
    };
    for (WindowCount count : counts) {
      assertEquals(count, WindowCountJson.fromJson(WindowCountJson.toJson(count)));
    }
  }

  @Test
  void isoMillisIsUtcWithMilliseconds() {
    assertEquals("1970-01-01T00:00:00.000Z", WindowCountJson.isoMillis(0L));
    assertEquals("1969-12-31T23:59:30.000Z", WindowCountJson.isoMillis(-30_000L));
    assertEquals("2024-03-10T08:00:00.001Z", WindowCountJson.isoMillis(START + 1));
    assertEquals("9999-12-31T23:59:59.999Z", WindowCountJson.isoMillis(RideEventParser.MAX_TS_MILLIS));
    // The end of the last window of a ts at the top of the range needs a five-digit year: ISO-8601 wants a sign.
    assertEquals("+10000-01-01T00:00:00.000Z", WindowCountJson.isoMillis(RideEventParser.MAX_TS_MILLIS + 1));
  }

  @Test
  void fromJsonRejectsSomethingThatIsNotACount() {
    assertThrows(UncheckedIOException.class, () -> WindowCountJson.fromJson("not json"));
    assertThrows(RuntimeException.class, () -> WindowCountJson.fromJson("{\"window\":{}}"));
  }
}
