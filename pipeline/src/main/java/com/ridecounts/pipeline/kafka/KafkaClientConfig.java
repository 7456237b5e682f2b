package com.ridecounts.pipeline.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Kafka client settings from the user's properties file (security and tuning), applied to every consumer and producer
 * the job creates. The file is read once, when the pipeline is built.
 */
public final class KafkaClientConfig {
  private KafkaClientConfig() {}

  /** Reads {@code propertiesFile}; an empty path means no extra settings. */
  public static Map<String, Object> load(String propertiesFile) {
    if (propertiesFile == null || propertiesFile.isEmpty()) {
      return Collections.emptyMap();
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(propertiesFile))) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Kafka properties file " + propertiesFile, e);
    }
    Map<String, Object> settings = new HashMap<>();
    properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
    return settings;
  }
}
