package com.ridecounts.direct;

import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.harness.JvmInitializer;
import org.apache.beam.sdk.options.ExperimentalOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ride-counts defaults for Beam's DirectRunner, applied to parsed options before the pipeline runs; nothing
 * happens unless {@code --runner} is the DirectRunner, and a read implementation the user chose is kept.
 *
 * <ul>
 *   <li>Experiment {@value #SDF_READ}: KafkaIO's splittable-DoFn read instead of its legacy {@code UnboundedSource}.
 *       On runners other than Dataflow KafkaIO 2.70 picks the legacy read unless this experiment is set, and the
 *       DirectRunner runs a legacy source in bundles of at most 10 records ({@code
 *       UnboundedReadEvaluatorFactory.ARBITRARY_MAX_ELEMENTS}) and closes and re-opens the reader, with new Kafka
 *       consumers, after about one bundle in 20 (its reader-reuse chance of 0.95). The splittable read keeps one cached
 *       consumer per partition and checkpoints every 100 records or 1 s (the DirectRunner's {@code
 *       OutputAndTimeBoundedSplittableProcessElementInvoker} bounds). Measured in BENCHMARKS.md. The job's timestamp
 *       policy supports both reads (see {@code EventTimePolicy}). {@code --experiments=use_deprecated_read} (or
 *       {@value #SDF_READ} given explicitly) turns this default off.
 * </ul>
 *
 * <p>It is a Beam {@link JvmInitializer} (registered in META-INF/services), so the launcher applies it, and the defaults
 * of any other runner module, without knowing the runner: {@code Launch.parseOptions} calls {@code
 * org.apache.beam.sdk.fn.JvmInitializers.runBeforeProcessing(options)} after parsing.
 */
public final class DirectRunnerDefaults implements JvmInitializer {
  private static final Logger LOG = LoggerFactory.getLogger(DirectRunnerDefaults.class);

  /** KafkaIO's experiment selecting the splittable-DoFn read. */
  static final String SDF_READ = "use_sdf_read";

  /** Experiments that already choose KafkaIO's read implementation. */
  private static final Set<String> READ_CHOICES =
      Set.of(SDF_READ, "use_deprecated_read", "beam_fn_api_use_deprecated_read", "use_unbounded_sdf_wrapper");

  @Override
  public void beforeProcessing(PipelineOptions options) {
    apply(options);
  }

  /** Whether {@code options} select the DirectRunner. */
  public static boolean isDirectRunner(PipelineOptions options) {
    return "DirectRunner".equals(options.getRunner().getSimpleName());
  }

  /** Fills in the DirectRunner defaults (see the class comment); does nothing for other runners. Idempotent. */
  public static void apply(PipelineOptions options) {
    if (!isDirectRunner(options)) {
      return;
    }
    ExperimentalOptions experimental = options.as(ExperimentalOptions.class);
    List<String> experiments = experimental.getExperiments();
    if (experiments == null || experiments.stream().noneMatch(READ_CHOICES::contains)) {
      ExperimentalOptions.addExperiment(experimental, SDF_READ);
    }
    LOG.info("DirectRunner settings: experiments {}", experimental.getExperiments());
  }
}
