package com.ridecounts.it.report;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ridecounts.it.harness.CountsOracle;
import com.ridecounts.it.harness.ReportAssertions;
import com.ridecounts.launcher.RideEventGenerator;
import com.ridecounts.launcher.report.ReportHtml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/**
 * The HTML evaluation report in a real browser (Debian's headless Chromium): evaluation documents built from generated
 * ride events and the independent {@link CountsOracle} (four runners; one run where a runner failed; an empty input)
 * are rendered by {@link ReportHtml}, opened, and what the page drew is checked against the document, plus a
 * screenshot that must show a drawn page; a page with a script error must fail that check. Pages and screenshots stay in {@code it/target/report-it/}.
 *
 * <p>Run: {@code mvn -o -B verify -pl it -am -Dit.test=ReportRenderingIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ReportRenderingIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Path OUT = Path.of("target", "report-it").toAbsolutePath();
  private static final long START_MILLIS = 1_710_057_600_000L; // 2024-03-10T08:00:00Z
  private static final EvaluationDocument.Cause BATCH_WATERMARK = new EvaluationDocument.Cause("batch_watermark",
      "The reference's watermark trails by a micro-batch",
      "Structured Streaming moves its watermark once per micro-batch, after the batch, so late events of a batch are "
          + "still counted where the Beam runners, whose watermark moves per record, drop them.");

  @Test
  void fourRunnersWithExplainedDifferences() throws Exception {
    List<byte[]> values = generate(3000);
    CountsOracle.Result beam = CountsOracle.jobDefaults().compute(values, 1);
    CountsOracle.Result reference = new CountsOracle(60_000L, 30_000L, 600_000L, 120_000L).compute(values, 1);
    ObjectNode evaluation = EvaluationDocument.build(
        "./ride-counts evaluate --input 'rides </script><!-- \u2028.jsonl' --runners direct,spark,flink,reference",
        "rides </script><!-- \u2028.jsonl", beam, values.size(), 1,
        List.of(
            new EvaluationDocument.Run("direct", "DirectRunner", "beam", null, 52.1, 33.0, 4.2, 812.0, values.size(), beam),
            new EvaluationDocument.Run("spark", "SparkRunner", "beam", null, 41.7, 12.5, 9.8, 1480.0, values.size(), beam),
            new EvaluationDocument.Run("flink", "FlinkRunner", "beam", null, 38.2, 20.1, 8.1, 1130.0, values.size(), beam),
            new EvaluationDocument.Run("reference", "SparkStructuredStreamingReference", "reference", null, 30.4, 6.3,
                7.2, 1390.0, values.size(), reference)),
        List.of("direct", "flink", "spark"), BATCH_WATERMARK);
    assertThat("the document has differences to show", evaluation.at("/parity/differences").asInt(), greaterThan(0));
    assertThat(evaluation.at("/causes/0/id").asText(), equalTo(BATCH_WATERMARK.id()));

    Path html = write("four-runners", evaluation);
    Document dom = ReportAssertions.assertRendered(html, evaluation);
    assertThat(dom.select("#facts").text(), containsString("rides </script><!--"));
    ReportAssertions.assertScreenshotShowsTheReport(html, html.resolveSibling("report.png"));
  }

  @Test
  void aFailedRunnerAndNullMetrics() throws Exception {
    List<byte[]> values = generate(1500);
    CountsOracle.Result beam = CountsOracle.jobDefaults().compute(values, 1);
    String error = "Exception in thread \"main\" java.lang.IllegalStateException: <b>broker</b> unreachable\n"
        + "\tat com.ridecounts.launcher.Replay.main(Replay.java:42)";
    ObjectNode evaluation = EvaluationDocument.build("./ride-counts evaluate --input rides.jsonl", "rides.jsonl", beam,
        values.size(), 1,
        List.of(
            new EvaluationDocument.Run("direct", "DirectRunner", "beam", null, 40.3, 25.0, 4.0, 790.0, values.size(), beam),
            new EvaluationDocument.Run("spark", "SparkRunner", "beam", error, 12.0, 0, 0, 0, 0, null),
            new EvaluationDocument.Run("flink", "FlinkRunner", "beam", null, 33.0, 15.2, 8.0, 1100.0, values.size(), beam),
            new EvaluationDocument.Run("reference", "SparkStructuredStreamingReference", "reference", null, 25.0, 5.1,
                6.9, 1350.0, values.size(), beam)),
        List.of("direct", "flink"), BATCH_WATERMARK);
    assertThat(evaluation.at("/runners/1/events_per_s").isNull(), equalTo(true));

    Path html = write("failed-runner", evaluation);
    Document dom = ReportAssertions.assertRendered(html, evaluation);
    assertThat(dom.select("#summary").text(), containsString("failed: spark"));
    ReportAssertions.assertScreenshotShowsTheReport(html, html.resolveSibling("report.png"));
  }

  @Test
  void anEmptyInput() throws Exception {
    CountsOracle.Result none = CountsOracle.jobDefaults().compute(List.of(), 1);
    ObjectNode evaluation = EvaluationDocument.build("./ride-counts evaluate --input empty.jsonl", "empty.jsonl", none,
        0, 1,
        List.of(
            new EvaluationDocument.Run("direct", "DirectRunner", "beam", null, 20.0, 5.0, 0, 700.0, 0, none),
            new EvaluationDocument.Run("reference", "SparkStructuredStreamingReference", "reference", null, 15.0, 3.0,
                0, 1200.0, 0, none)),
        List.of("direct"), BATCH_WATERMARK);

    Document dom = ReportAssertions.assertRendered(write("empty-input", evaluation), evaluation);
    assertThat(dom.select("#parity tbody").text(), containsString("no (window, event type) rows"));
  }

  @Test
  void aScriptErrorFailsTheCheck() throws Exception {
    CountsOracle.Result none = CountsOracle.jobDefaults().compute(List.of(), 1);
    ObjectNode evaluation = EvaluationDocument.build("./ride-counts evaluate --input empty.jsonl", "empty.jsonl", none,
        0, 1, List.of(new EvaluationDocument.Run("direct", "DirectRunner", "beam", null, 20.0, 5.0, 0, 700.0, 0, none)),
        List.of("direct"), BATCH_WATERMARK);
    Path html = write("script-error", evaluation);
    Files.writeString(html, Files.readString(html).replace("</body>", "<script>null.field;</script></body>"));

    AssertionError error = assertThrows(AssertionError.class, () -> ReportAssertions.assertRendered(html, evaluation));
    assertThat(error.getMessage(), containsString("script errors: Uncaught TypeError"));
  }

  /** {@code n} realistic record values, one every 200 ms of event time from {@link #START_MILLIS}. */
  private static List<byte[]> generate(int n) {
    RideEventGenerator generator = new RideEventGenerator(42L, RideEventGenerator.Profile.realistic());
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add(generator.next(START_MILLIS + 200L * i));
    }
    return values;
  }

  private static Path write(String name, ObjectNode evaluation) throws IOException {
    Path dir = Files.createDirectories(OUT.resolve(name));
    String json = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(evaluation);
    Files.writeString(dir.resolve("evaluation.json"), json);
    return Files.writeString(dir.resolve("report.html"), ReportHtml.render(json));
  }
}
