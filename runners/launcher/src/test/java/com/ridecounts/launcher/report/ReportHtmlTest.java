package com.ridecounts.launcher.report;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link ReportHtml} without a browser: the embedded document, its escaping and the absence of network references. */
class ReportHtmlTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String HOSTILE = "</script><script>alert(1)</script> <!-- \u2028 \u2029 & <b>";
  private static final String DATA_OPEN = "<script type=\"application/json\" id=\"evaluation-data\">";

  @Test
  void embedsTheDocumentSoThatItParsesBackUnchanged() throws Exception {
    ObjectNode evaluation = evaluation("ok", HOSTILE);
    String page = ReportHtml.render(MAPPER.writeValueAsString(evaluation));
    assertThat(MAPPER.readTree(embedded(page)), equalTo((JsonNode) evaluation));
  }

  @Test
  void hostileStringsCannotLeaveTheDataBlock() throws Exception {
    String page = ReportHtml.render(MAPPER.writeValueAsString(evaluation("ok", HOSTILE)));
    String data = embedded(page);
    assertThat(data, not(containsString("<")));
    assertThat(data, not(containsString(">")));
    assertThat(data, not(containsString("\u2028")));
    assertThat(data, not(containsString("\u2029")));
    assertThat(page, not(containsString("alert(1)</script>")));
    String template = ReportHtml.render("null");
    assertThat(count(page, "</script"), equalTo(count(template, "</script")));
    assertThat(count(page, "<!--"), equalTo(count(template, "<!--")));
  }

  @Test
  void loadsNothingOverTheNetwork() throws Exception {
    String page = ReportHtml.render(MAPPER.writeValueAsString(evaluation("ok", "https://example.invalid/x.png")));
    String markup = page.substring(0, page.indexOf(DATA_OPEN)) + page.substring(page.indexOf("</script>", page.indexOf(DATA_OPEN)));
    List<String> references = new ArrayList<>();
    Matcher attributes = Pattern.compile("(?i)\\b(src|href|action|srcset|poster)\\s*=\\s*[\"']?\\s*([^\"'\\s>]*)").matcher(markup);
    while (attributes.find()) {
      references.add(attributes.group(2));
    }
    Matcher urls = Pattern.compile("(?i)url\\(\\s*[\"']?([^\"')]*)").matcher(markup);
    while (urls.find()) {
      references.add(urls.group(1));
    }
    assertThat(references.stream().filter(r -> r.contains("//") || r.matches("(?i)\\s*(https?|ftp|data):.*")).toList(), empty());
    assertThat(markup.toLowerCase(), not(containsString("@import")));
    assertThat(markup.toLowerCase(), not(containsString("<link")));
    assertThat(markup.toLowerCase(), not(containsString("<img")));
    assertThat(markup.toLowerCase(), not(containsString("<iframe")));
    assertThat(markup.toLowerCase(), not(containsString("fetch(")));
    assertThat(markup.toLowerCase(), not(containsString("xmlhttprequest")));
  }

  @Test
  void rendersAFailedRunnerWithNullMetrics() throws Exception {
    ObjectNode evaluation = evaluation("failed", "exit code 1");
    String page = ReportHtml.render(MAPPER.writeValueAsString(evaluation));
    JsonNode back = MAPPER.readTree(embedded(page));
    assertThat(back.at("/runners/1/status").asText(), equalTo("failed"));
    assertThat(back.at("/runners/1/events_per_s").isNull(), equalTo(true));
    assertThat(back.at("/parity/rows/0/counts/spark").isNull(), equalTo(true));
  }

  @Test
  void rejectsADocumentThatIsNotJson() {
    assertThrows(IllegalArgumentException.class, () -> ReportHtml.render("{\"runners\": [</script>"));
  }

  /** A small contract-shaped document: direct ok, spark {@code sparkStatus}; {@code text} in every free text. */
  private static ObjectNode evaluation(String sparkStatus, String text) {
    boolean sparkOk = sparkStatus.equals("ok");
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schema_version", 1);
    root.put("generated_at", "2026-11-25T23:59:00Z");
    root.put("command", "./ride-counts evaluate --input " + text);
    root.putObject("machine").put("cores", 2).put("memory_mb", 24000).put("os", "Linux").putNull("java");
    root.putObject("input").put("file", text).put("lines", 3).put("valid", 2).put("invalid", 1).put("partitions", 1)
        .put("window_assignments", 4);
    ArrayNode runners = root.putArray("runners");
    runners.addObject().put("id", "direct").put("runner", "DirectRunner").put("kind", "beam").put("status", "ok")
        .putNull("error").put("wall_time_s", 12.5).put("events_per_s", 90.9).put("peak_rss_mb", 812.0);
    ObjectNode spark = runners.addObject().put("id", "spark").put("runner", "SparkRunner").put("kind", "beam")
        .put("status", sparkStatus);
    if (sparkOk) {
      spark.putNull("error").put("events_per_s", 400.0).put("peak_rss_mb", 1500.0);
    } else {
      spark.put("error", text).putNull("events_per_s").putNull("peak_rss_mb");
    }
    ObjectNode parity = root.putObject("parity");
    parity.putArray("runners").add("direct").add("spark");
    parity.putArray("must_agree").add("direct").add("spark");
    ObjectNode row = parity.putArray("rows").addObject();
    row.put("window_start", "2024-03-10T08:00:00Z").put("window_end", "2024-03-10T08:01:00Z").put("event_type", text);
    ObjectNode counts = row.putObject("counts").put("direct", 2);
    if (sparkOk) {
      counts.put("spark", 3);
    } else {
      counts.putNull("spark");
    }
    row.put("agree", false).putArray("causes").add("cause_" + text);
    parity.put("differences", 1).put("unexplained", 0).put("must_agree_differences", 1);
    root.putArray("causes").addObject().put("id", "cause_" + text).put("title", text).put("explanation", text)
        .put("rows", 1);
    return root;
  }

  private static String embedded(String page) {
    int start = page.indexOf(DATA_OPEN) + DATA_OPEN.length();
    return page.substring(start, page.indexOf("</script>", start));
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
