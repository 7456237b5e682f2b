package com.ridecounts.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ridecounts.transforms.RideCountsMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.core.metrics.MetricsContainerStepMap;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricResults;

/**
 * The Beam counters of a job on a remote Flink cluster, read from the cluster's REST API while the job runs (the
 * {@link LiveMetricsReporter} only sees jobs on the embedded Flink, and Beam's Flink result has no metrics until the
 * job ends).
 *
 * <p>Beam publishes each counter as a Flink operator metric named {@code <namespace>.<name>}; the REST API lists it
 * per job vertex as {@code <subtask>.<operator>.<namespace>_<name>} (Flink's metric query service replaces dots in
 * metric names). This class finds the job by its name (Beam's unique {@code --jobName}), lists the vertices' metric ids,
 * keeps the Beam counters and sums them per operator. The job manager refreshes these values from the task managers
 * every {@code metrics.fetcher.update-interval} (10 s by default), so they lag by up to that much; queries are cached
 * for {@value #CACHE_MILLIS} ms. On any error the last values are kept.
 */
final class FlinkRestMetrics {
  private static final long CACHE_MILLIS = 2_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String jobName;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private String jobId;
  private MetricResults last = MetricsContainerStepMap.asAttemptedOnlyMetricResults(new MetricsContainerStepMap());
  private long lastQueried;

  /** For the job named {@code jobName} on the cluster whose REST endpoint is {@code flinkMaster} (host:port or URL). */
  FlinkRestMetrics(String flinkMaster, String jobName) {
    String master = flinkMaster.trim();
    this.base = URI.create(master.matches("^https?://.*") ? master : "http://" + master);
    this.jobName = jobName;
  }

  /** The job's counters now (or as of at most {@value #CACHE_MILLIS} ms ago). */
  synchronized MetricResults query() {
    long now = System.currentTimeMillis();
    if (now - lastQueried < CACHE_MILLIS) {
      return last;
    }
    lastQueried = now;
    try {
      if (jobId == null) {
        jobId = findJob();
        if (jobId == null) {
          return last;
        }
      }
      MetricsContainerStepMap steps = new MetricsContainerStepMap();
      for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
        String vertexPath = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/metrics";
        List<String> ids = new ArrayList<>();
        for (JsonNode metric : get(vertexPath)) {
          String id = metric.path("id").asText();
          if (isBeamCounter(id) && !id.contains(",")) {
            ids.add(id);
          }
        }
        if (ids.isEmpty()) {
          continue;
        }
        List<String> encoded = new ArrayList<>();
        ids.forEach(id -> encoded.add(URLEncoder.encode(id, StandardCharsets.UTF_8)));
        for (JsonNode metric : get(vertexPath + "?get=" + String.join(",", encoded))) {
          String id = metric.path("id").asText();
          long value = (long) Double.parseDouble(metric.path("value").asText("0"));
          int firstDot = id.indexOf('.');
          int lastDot = id.lastIndexOf('.');
          String step = firstDot < lastDot ? id.substring(firstDot + 1, lastDot) : id;
          steps.getContainer(step).getCounter(beamName(id.substring(lastDot + 1))).inc(value);
        }
      }
      last = MetricsContainerStepMap.asAttemptedOnlyMetricResults(steps);
    } catch (IOException | RuntimeException e) {
      // keep the last values: the caller polls again
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return last;
  }

  /** The id of the most recently started job named {@link #jobName}, or null while the cluster does not list it. */
  private String findJob() throws IOException, InterruptedException {
    String found = null;
    long startedLast = Long.MIN_VALUE;
    for (JsonNode job : get("/jobs/overview").path("jobs")) {
      if (jobName.equals(job.path("name").asText()) && job.path("start-time").asLong() > startedLast) {
        found = job.path("jid").asText();
        startedLast = job.path("start-time").asLong();
      }
    }
    return found;
  }

  private static boolean isBeamCounter(String id) {
    String name = id.substring(id.lastIndexOf('.') + 1);
    return name.startsWith(RideCountsMetrics.NAMESPACE + "_")
        || name.toLowerCase(java.util.Locale.ROOT).endsWith("_" + RideCountsMetrics.DROPPED_LATE.toLowerCase(
            java.util.Locale.ROOT));
  }

  /** {@code ride-counts_records_read} -> (ride-counts, records_read); any other namespace splits at the last '_'. */
  static MetricName beamName(String restName) {
    String ownPrefix = RideCountsMetrics.NAMESPACE + "_";
    if (restName.startsWith(ownPrefix)) {
      return MetricName.named(RideCountsMetrics.NAMESPACE, restName.substring(ownPrefix.length()));
    }
    int cut = restName.lastIndexOf('_');
    return cut < 1
        ? MetricName.named("unknown", restName)
        : MetricName.named(restName.substring(0, cut), restName.substring(cut + 1));
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET().build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + ": HTTP " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }
}
