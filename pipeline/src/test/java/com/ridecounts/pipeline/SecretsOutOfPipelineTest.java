package com.ridecounts.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;

import com.ridecounts.pipeline.options.RideCountsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka passwords from {@code --kafkaPropertiesFile} must not end up where runners show a pipeline: the display data of
 * its transforms (Flink's and Dataflow's job graphs, logs of the pipeline structure) or the options.
 */
class SecretsOutOfPipelineTest {
  private static final String SECRET = "s3cret-pw-7c1e";

  @TempDir Path tmp;

  @Test
  void noTransformDisplaysAPasswordAndTheOptionsOnlyNameTheFile() throws Exception {
    Path properties =
        Files.write(
            tmp.resolve("client.properties"),
            List.of(
                "security.protocol=SASL_SSL",
                "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\""
                    + " password=\"" + SECRET + "\";",
                "ssl.truststore.location=/etc/kafka/truststore.p12",
                "ssl.truststore.password=" + SECRET));
    RideCountsOptions options =
        PipelineOptionsFactory.fromArgs(
                "--runner=DirectRunner",
                "--bootstrapServers=127.0.0.1:9",
                "--kafkaPropertiesFile=" + properties)
            .as(RideCountsOptions.class);
    Pipeline pipeline = Pipeline.create(options);
    RideCountsPipeline.buildPipeline(pipeline, options);

    List<String> leaks = new ArrayList<>();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            check(node);
            return CompositeBehavior.ENTER_TRANSFORM;
          }

          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            check(node);
          }

          private void check(TransformHierarchy.Node node) {
            if (node.getTransform() == null) {
              return;
            }
            for (DisplayData.Item item : DisplayData.from(node.getTransform()).items()) {
              if (String.valueOf(item.getValue()).contains(SECRET)) {
                leaks.add(node.getFullName() + ": " + item.getKey());
              }
            }
          }
        });
    assertThat("display data items showing the password", leaks, empty());
    assertThat(
        "options showing the password",
        options.toString().contains(SECRET) ? List.of(options.toString()) : List.of(),
        empty());
  }
}
