package com.ridecounts.launcher;

import java.util.ArrayList;
import java.util.List;

/** A runner {@code evaluate} can run: its id on the command line, {@code --runner} value, module and kind. */
enum EvaluatedRunner {
  DIRECT("direct", "DirectRunner", "beam"),
  SPARK("spark", "SparkRunner", "beam"),
  FLINK("flink", "FlinkRunner", "beam"),
  REFERENCE("reference", "SparkStructuredStreamingReference", "reference");

  /** The id in {@code --runners}, the name of the runner module ({@code runners/<id>}) and of its report folder. */
  final String id;

  final String runnerName;
  final String kind;

  EvaluatedRunner(String id, String runnerName, String kind) {
    this.id = id;
    this.runnerName = runnerName;
    this.kind = kind;
  }

  /** {@code "final pane"} for Beam runners, {@code "latest value"} for the reference (it never marks a result final). */
  String finalSemantics() {
    return kind.equals("beam") ? "final pane" : "latest value";
  }

  /** The runners of a comma-separated id list, in the given order. */
  static List<EvaluatedRunner> parse(String ids) {
    List<EvaluatedRunner> runners = new ArrayList<>();
    for (String id : ids.split(",")) {
      runners.add(byId(id.trim()));
    }
    return runners;
  }

  static EvaluatedRunner byId(String id) {
    for (EvaluatedRunner runner : values()) {
      if (runner.id.equals(id)) {
        return runner;
      }
    }
    throw new IllegalArgumentException("unknown runner id '" + id + "' (known: direct, spark, flink, reference)");
  }
}
