package com.ridecounts.pipeline.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Kafka client settings from the user's properties file (security and tuning), applied to every consumer and producer
 * the job creates. The file is read once, when the pipeline is built.
 *
 * <p>Secrets stay out of sight: {@link #visible} drops every setting Kafka declares as a password ({@code
 * sasl.jaas.config}, {@code ssl.*.password}, PEM keys) and any other whose name mentions a password; only the visible
 * part goes into KafkaIO's consumer and producer configuration, which KafkaIO also shows as display data (runner UIs,
 * pipeline graphs). The {@link #secrets} reach the clients through the factories ({@link ConfiguredConsumerFactory},
 * {@link ConfiguredProducerFactory}), whose fields are never displayed or printed. Kafka's own configuration log shows
 * password values as {@code [hidden]}.
 */
public final class KafkaClientConfig {
  /** Settings Kafka's consumer or producer declares with type PASSWORD. */
  private static final Set<String> PASSWORD_SETTINGS =
      Stream.of(ConsumerConfig.configDef(), ProducerConfig.configDef())
          .flatMap(def -> def.configKeys().values().stream())
          .filter(key -> key.type == ConfigDef.Type.PASSWORD)
          .map(key -> key.name)
          .collect(Collectors.toUnmodifiableSet());

  private KafkaClientConfig() {}

  /** Whether {@code name} holds a secret: a Kafka PASSWORD setting, or any setting whose name mentions a password. */
  public static boolean isSecret(String name) {
    return PASSWORD_SETTINGS.contains(name) || name.toLowerCase(Locale.ROOT).contains("password");
  }

  /** The settings that may be shown: all but the {@link #isSecret secret} ones. */
  public static Map<String, Object> visible(Map<String, Object> settings) {
    Map<String, Object> visible = new HashMap<>();
    settings.forEach((name, value) -> {
      if (!isSecret(name)) {
        visible.put(name, value);
      }
    });
    return visible;
  }

  /** The {@link #isSecret secret} settings only. */
  public static Map<String, Object> secrets(Map<String, Object> settings) {
    Map<String, Object> secrets = new HashMap<>();
    settings.forEach((name, value) -> {
      if (isSecret(name)) {
        secrets.put(name, value);
      }
    });
    return secrets;
  }

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
