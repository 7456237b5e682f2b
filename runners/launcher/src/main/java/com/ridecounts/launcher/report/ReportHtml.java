package com.ridecounts.launcher.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Renders the evaluation report: one self-contained HTML page (inline CSS and script, no network) that embeds an
 * evaluation.json document and draws its charts and tables in the browser. The page itself is the resource {@code
 * report.html} next to this class; this class only checks that the document is JSON, escapes it for an HTML {@code
 * <script>} block and puts it in place of the placeholder.
 *
 * <p>Use: {@code Files.writeString(dir.resolve("report.html"), ReportHtml.render(Files.readString(json)))}.
 */
public final class ReportHtml {
  /** The text in report.html that the escaped JSON replaces (once, inside the evaluation-data block). */
  static final String PLACEHOLDER = "@@EVALUATION_JSON@@";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String TEMPLATE = loadTemplate();

  private ReportHtml() {}

  /**
   * The report page for {@code evaluationJson}.
   *
   * @throws IllegalArgumentException if {@code evaluationJson} is not one JSON value
   */
  public static String render(String evaluationJson) {
    try {
      MAPPER.readTree(evaluationJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("evaluation document is not JSON: " + e.getOriginalMessage(), e);
    }
    int at = TEMPLATE.indexOf(PLACEHOLDER);
    return TEMPLATE.substring(0, at) + escapeForScript(evaluationJson) + TEMPLATE.substring(at + PLACEHOLDER.length());
  }

  /**
   * Escapes JSON text so that it can sit inside {@code <script type="application/json">}: {@code <}, {@code >} and
   * {@code &} become JSON unicode escapes (so neither {@code </script>} nor {@code <!--} can appear), as do U+2028 and
   * U+2029. Outside strings valid JSON has none of these characters, so the result parses to the same document.
   */
  static String escapeForScript(String json) {
    StringBuilder out = new StringBuilder(json.length() + 16);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        case '<' -> out.append("\\u003c");
        case '>' -> out.append("\\u003e");
        case '&' -> out.append("\\u0026");
        case '\u2028' -> out.append("\\u2028");
        case '\u2029' -> out.append("\\u2029");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String loadTemplate() {
    try (InputStream in = ReportHtml.class.getResourceAsStream("report.html")) {
      if (in == null) {
        throw new IllegalStateException("report.html is missing from the classpath next to ReportHtml");
      }
      String template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int first = template.indexOf(PLACEHOLDER);
      if (first < 0 || template.indexOf(PLACEHOLDER, first + 1) >= 0) {
        throw new IllegalStateException("report.html must contain " + PLACEHOLDER + " exactly once");
      }
      return template;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
