package com.ridecounts.it.harness;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * Checks an HTML evaluation report as a browser shows it: opens it in {@link HeadlessChromium} and compares what the
 * page drew with the evaluation document it embeds. For the report IT and for the evaluate command's IT, e.g. {@code
 * ReportAssertions.assertRendered(reportDir.resolve("report.html"), evaluation)}.
 */
public final class ReportAssertions {
  /** The chart SVGs the report draws, by id. */
  public static final List<String> CHARTS = List.of("chart-counts", "chart-throughput", "chart-memory");

  private ReportAssertions() {}

  /**
   * Asserts that {@code html} rendered without script errors and that its charts and tables match {@code evaluation}:
   * one point per (runner, window with a count) and one line per runner with counts, one throughput and one memory bar
   * per runner with a value, one metrics row per runner, one parity row per JSON row with exactly the differing rows
   * highlighted and each runner's count shown. Returns the rendered DOM for further checks.
   */
  public static Document assertRendered(Path html, JsonNode evaluation) throws IOException, InterruptedException {
    Path work = Files.createDirectories(html.resolveSibling("browser"));
    Document dom = Jsoup.parse(new HeadlessChromium(work).dumpDom(html));
    Element body = dom.body();
    assertThat("script errors: " + body.attr("data-script-errors"), body.hasAttr("data-script-errors"), is(false));
    assertThat(body.attr("data-rendered"), equalTo("true"));
    assertThat(body.attr("data-charts"), equalTo(String.valueOf(CHARTS.size())));
    assertThat(dom.select("svg.chart").size(), equalTo(CHARTS.size()));
    for (String chart : CHARTS) {
      assertThat(chart, dom.select("svg.chart#" + chart).size(), equalTo(1));
    }
    assertCountsChart(dom, evaluation);
    assertBars(dom, "chart-throughput", "events_per_s", evaluation);
    assertBars(dom, "chart-memory", "peak_rss_mb", evaluation);
    assertMetrics(dom, evaluation);
    assertParity(dom, evaluation);
    return dom;
  }

  /**
   * Takes a {@code 1400x2400} screenshot of {@code html} into {@code png} and asserts it shows a drawn page: many pixels
   * that are not the background, several distinct colours, and saturated (chart) pixels.
   */
  public static void assertScreenshotShowsTheReport(Path html, Path png) throws IOException, InterruptedException {
    Path work = Files.createDirectories(html.resolveSibling("browser"));
    new HeadlessChromium(work).screenshot(html, png, 1400, 2400);
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat("PNG readable: " + png, image != null, is(true));
    Map<Integer, Integer> histogram = new HashMap<>();
    long saturated = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        histogram.merge(rgb, 1, Integer::sum);
        int r = rgb >> 16 & 0xFF;
        int g = rgb >> 8 & 0xFF;
        int b = rgb & 0xFF;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 90) {
          saturated++;
        }
      }
    }
    long total = (long) image.getWidth() * image.getHeight();
    int background = histogram.values().stream().max(Integer::compare).orElse(0);
    Set<Integer> coarse = new HashSet<>();
    histogram.keySet().forEach(rgb -> coarse.add((rgb >> 20 & 0xF) << 8 | (rgb >> 12 & 0xF) << 4 | (rgb >> 4 & 0xF)));
    assertThat("non-background pixels of " + png, total - background, greaterThan(total / 10));
    assertThat("distinct colours (4 bits per channel) of " + png, coarse.size(), greaterThanOrEqualTo(12));
    assertThat("saturated (chart) pixels of " + png, saturated, greaterThan(2_000L));
  }

  private static void assertCountsChart(Document dom, JsonNode evaluation) {
    Element chart = dom.selectFirst("svg#chart-counts");
    int expectedPoints = 0;
    for (JsonNode runner : evaluation.at("/parity/runners")) {
      String id = runner.asText();
      Set<String> windows = new HashSet<>();
      for (JsonNode row : evaluation.at("/parity/rows")) {
        if (row.path("counts").path(id).isNumber()) {
          windows.add(row.path("window_start").asText());
        }
      }
      expectedPoints += windows.size();
      assertThat("points of " + id, chart.select("circle.point[data-runner=" + id + "]").size(), equalTo(windows.size()));
      Elements lines = chart.select("path.series[data-runner=" + id + "]");
      assertThat("line of " + id, lines.size(), equalTo(windows.isEmpty() ? 0 : 1));
      if (!windows.isEmpty()) {
        assertThat("line of " + id, lines.first().attr("d"), containsString("M"));
      }
    }
    assertThat(chart.select("circle.point").size(), equalTo(expectedPoints));
  }

  private static void assertBars(Document dom, String chartId, String field, JsonNode evaluation) {
    Element chart = dom.selectFirst("svg#" + chartId);
    int expected = 0;
    for (JsonNode runner : evaluation.path("runners")) {
      String id = runner.path("id").asText();
      int bars = runner.path(field).isNumber() ? 1 : 0;
      expected += bars;
      Elements drawn = chart.select("rect.bar[data-runner=" + id + "]");
      assertThat(chartId + " bar of " + id, drawn.size(), equalTo(bars));
      if (bars == 1 && runner.path(field).asDouble() > 0) {
        assertThat(chartId + " bar height of " + id, Double.parseDouble(drawn.attr("height")), greaterThan(0.0));
      }
    }
    assertThat(chartId, chart.select("rect.bar").size(), equalTo(expected));
  }

  private static void assertMetrics(Document dom, JsonNode evaluation) {
    Elements rows = dom.select("#metrics tr.metrics-row");
    assertThat(rows.size(), equalTo(evaluation.path("runners").size()));
    for (int i = 0; i < rows.size(); i++) {
      JsonNode runner = evaluation.path("runners").get(i);
      Element row = rows.get(i);
      assertThat(row.attr("data-runner"), equalTo(runner.path("id").asText()));
      assertThat(row.text(), containsString(runner.path("status").asText()));
      if (runner.path("error").isTextual()) {
        Element error = dom.selectFirst("#metrics tr.error-row[data-runner=" + runner.path("id").asText() + "] pre");
        assertThat("error shown for " + runner.path("id").asText(), error != null, is(true));
        assertThat(error.wholeText(), equalTo(runner.path("error").asText()));
      }
    }
  }

  private static void assertParity(Document dom, JsonNode evaluation) {
    JsonNode rows = evaluation.at("/parity/rows");
    Elements drawn = dom.select("#parity tbody tr.parity-row");
    assertThat("parity rows", drawn.size(), equalTo(rows.size()));
    int highlighted = 0;
    for (int i = 0; i < rows.size(); i++) {
      JsonNode row = rows.get(i);
      Element tr = drawn.get(i);
      boolean differs = !row.path("agree").asBoolean(false);
      assertThat("row " + i + " highlighted", tr.hasClass("diff"), equalTo(differs));
      highlighted += differs ? 1 : 0;
      Elements cells = tr.select("td");
      assertThat(cells.get(0).text(), equalTo(row.path("window_start").asText()));
      int column = 3;
      for (JsonNode runner : evaluation.at("/parity/runners")) {
        JsonNode count = row.path("counts").path(runner.asText());
        String shown = cells.get(column++).text();
        assertThat("row " + i + " " + runner.asText(), shown,
            equalTo(count.isNumber() ? String.format(Locale.ROOT, "%,d", count.asLong()) : "n/a"));
      }
      for (JsonNode cause : row.path("causes")) {
        assertThat("row " + i + " causes", cells.last().text(), containsString(cause.asText()));
      }
    }
    assertThat(dom.select("#parity tr.diff").size(), equalTo(highlighted));
    assertThat(dom.select("#summary").text(), containsString(evaluation.at("/parity/differences").asText()));
  }
}
