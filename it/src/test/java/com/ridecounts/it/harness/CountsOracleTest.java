package com.ridecounts.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The oracle's own rules, checked against the documented schema and windowing by hand (fast, no broker). */
class CountsOracleTest {
  private static Optional<CountsOracle.Event> validate(String json) {
    return CountsOracle.validate(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void acceptsExactlyTheDocumentedSchema() {
    Map<String, Optional<CountsOracle.Event>> cases = new java.util.LinkedHashMap<>();
    Optional<CountsOracle.Event> typed = Optional.of(new CountsOracle.Event("ride_started", 5));
    Optional<CountsOracle.Event> untyped = Optional.of(new CountsOracle.Event(null, 5));
    cases.put("{\"event_id\":\"e\",\"user_id\":\"u\",\"event_type\":\"ride_started\",\"ts\":5}", typed);
    cases.put("{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":5}", untyped);
    cases.put("{\"event_id\":\"e\",\"user_id\":\"u\",\"event_type\":null,\"ts\":5}", untyped);
    cases.put("{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":5,\"amount\":1.5,\"x\":{\"y\":[1]}}", untyped);
    cases.put("{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":5,\"amount\":null}", untyped);
    cases.put("{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":5}  \n", untyped);
    cases.put("{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":0}", Optional.of(new CountsOracle.Event(null, 0)));
    cases.put(
        "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":253402300799999}",
        Optional.of(new CountsOracle.Event(null, 253_402_300_799_999L)));
    List<String> invalid =
        java.util.Arrays.asList(
            null,
            "",
            "   ",
            "not json",
            "[1,2]",
            "\"a string\"",
            "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":5",
            "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":5} {}",
            "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":5}x",
            "{\"user_id\":\"u\",\"ts\":5}",
            "{\"event_id\":\"e\",\"ts\":5}",
            "{\"event_id\":\"e\",\"user_id\":\"u\"}",
            "{\"event_id\":null,\"user_id\":\"u\",\"ts\":5}",
            "{\"event_id\":\"\",\"user_id\":\"u\",\"ts\":5}",
            "{\"event_id\":\"e\",\"user_id\":7,\"ts\":5}",
            "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":\"5\"}",
            "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":5.0}",
            "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":-1}",
            "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":253402300800000}",
            "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":99999999999999999999}",
            "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":5,\"event_type\":3}",
            "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":5,\"amount\":\"3\"}",
            "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":5,\"amount\":1e400}",
            "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":5,\"ts\":6}",
            "{\"event_id\":\"e\",\"event_id\":\"f\",\"user_id\":\"u\",\"ts\":5}",
            "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":5,\"x\":1,\"x\":1}",
            "{\"event_id\":\"e\",\"user_id\":\"u\",\"ts\":5,\"x\":[{\"y\":1,\"y\":2}]}");
    for (String value : invalid) {
      cases.put(value, Optional.empty());
    }
    Map<String, Optional<CountsOracle.Event>> actual = new java.util.LinkedHashMap<>();
    cases.keySet().forEach(value -> actual.put(value, validate(value)));
    assertEquals(cases, actual);
  }

  @Test
  void slidingWindowsAndPerPartitionLateness() {
    CountsOracle oracle = CountsOracle.jobDefaults();
    long t0 = 1_710_057_600_000L; // 2024-03-10T08:00:00Z, a multiple of 30 s
    assertEquals(2, oracle.windowsOf(t0).size());
    assertEquals(t0, oracle.windowsOf(t0).get(0)[0]);
    assertEquals(t0 - 30_000, oracle.windowsOf(t0).get(1)[0]);
    assertEquals(t0 + 30_000, oracle.windowsOf(t0 + 59_999).get(0)[0]);

    // p0: event at t0 + 11:59.999, then one at t0 + 1:15 (W[t0+0:30] closes at t0+11:29.999 < wm: dropped;
    // W[t0+1:00] closes at t0+11:59.999 = wm: kept). With 2 partitions the second line is alone on p1: both kept.
    List<byte[]> values =
        List.of(event("a", t0 + 719_999), event("b", t0 + 75_000));
    TreeMap<WindowKey, Long> one = oracle.compute(values, 1).counts();
    TreeMap<WindowKey, Long> two = oracle.compute(values, 2).counts();
    assertEquals(1, oracle.compute(values, 1).droppedLate());
    assertEquals(0, oracle.compute(values, 2).droppedLate());
    assertEquals(3, one.size());
    assertEquals(4, two.size());
    assertEquals(
        "{\"window\":{\"start\":\"2024-03-10T08:01:00.000Z\",\"end\":\"2024-03-10T08:02:00.000Z\"},"
            + "\"event_type\":null,\"event_count\":1}",
        oracle.compute(values, 1).finalLines().get(0));
  }

  private static byte[] event(String id, long ts) {
    return ("{\"event_id\":\"" + id + "\",\"user_id\":\"u\",\"ts\":" + ts + "}").getBytes(StandardCharsets.UTF_8);
  }
}
