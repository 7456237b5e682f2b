package com.ridecounts.spark;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.spark.streaming.DStreamGraph;
import org.apache.spark.streaming.dstream.DStream;
import scala.collection.JavaConverters;

/** The DStreams of a Spark streaming graph. */
final class DStreams {
  private DStreams() {}

  /** The output streams of {@code graph} and every stream they depend on, each once. */
  static Set<DStream<?>> of(DStreamGraph graph) {
    Set<DStream<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<DStream<?>> pending = new ArrayDeque<>(List.of(graph.getOutputStreams()));
    while (!pending.isEmpty()) {
      DStream<?> stream = pending.pop();
      if (seen.add(stream)) {
        pending.addAll(JavaConverters.seqAsJavaList(stream.dependencies()));
      }
    }
    return seen;
  }
}
