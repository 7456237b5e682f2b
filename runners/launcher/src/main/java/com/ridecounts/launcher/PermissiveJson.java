package com.ridecounts.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What the reference's {@code from_json} (Spark 3.5, PERMISSIVE, the seed's schema) makes of a line, as far as the
 * count is concerned: the line is counted when it is a JSON object whose {@code ts} is an integer (a long) and whose
 * {@code amount} is absent, null or a number; any other value of a string field ({@code event_id}, {@code user_id},
 * {@code event_type}) is accepted as its JSON text. Anything else becomes a row of nulls and is not counted. Used to
 * predict the lines the Beam job dead-letters but the reference counts (runners/reference/README.md).
 */
final class PermissiveJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The event type (null when null or absent) and ts the reference counts this line with. */
  record Counted(@Nullable String eventType, long tsMillis) {}

  private PermissiveJson() {}

  static Optional<Counted> parse(byte[] value) {
    JsonNode root;
    try {
      root = MAPPER.readTree(value);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    if (root == null || !root.isObject()) {
      return Optional.empty();
    }
    JsonNode ts = root.get("ts");
    if (ts == null || !ts.isIntegralNumber() || !ts.canConvertToLong()) {
      return Optional.empty();
    }
    JsonNode amount = root.get("amount");
    if (amount != null && !amount.isNull() && !amount.isNumber()) {
      return Optional.empty();
    }
    JsonNode type = root.get("event_type");
    String eventType =
        type == null || type.isNull() ? null : type.isTextual() ? type.textValue() : type.toString();
    return Optional.of(new Counted(eventType, ts.longValue()));
  }
}
