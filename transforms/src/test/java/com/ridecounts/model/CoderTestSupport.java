package com.ridecounts.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;

/** Shared round-trip checks for the model's coders. */
final class CoderTestSupport {
  private CoderTestSupport() {}

  /**
   * Checks that every value survives encode/decode in every context, that the structural value survives too, that the
   * coder is serializable, and that values nested back to back in a list (the NESTED context, as inside a KV or an
   * iterable) decode with the right framing.
   */
  @SafeVarargs
  static <T> void assertRoundTrips(Coder<T> coder, T... values) throws Exception {
    CoderProperties.coderSerializable(coder);
    List<T> all = new ArrayList<>();
    for (T value : values) {
      all.add(value);
      CoderProperties.coderDecodeEncodeEqual(coder, value);
      CoderProperties.structuralValueDecodeEncodeEqual(coder, value);
      T decoded = CoderUtils.clone(coder, value);
      assertEquals(value, decoded);
      assertNotSame(value, decoded);
    }
    CoderProperties.coderDecodeEncodeEqual(ListCoder.of(coder), all);
  }
}
