package com.ridecounts.it.harness;

import com.ridecounts.launcher.TlsKeyStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away TLS set-up made with the JDK's {@code keytool}: a self-signed server certificate for 127.0.0.1 in a
 * PKCS12 key store (for the embedded broker) and a trust store holding that certificate (for clients). Passwords are
 * random per test run, so a test can search logs for them.
 */
public final class TestCertificates {
  private final TlsKeyStore serverKeyStore;
  private final Path trustStore;
  private final String trustStorePassword;

  private TestCertificates(TlsKeyStore serverKeyStore, Path trustStore, String trustStorePassword) {
    this.serverKeyStore = serverKeyStore;
    this.trustStore = trustStore;
    this.trustStorePassword = trustStorePassword;
  }

  /** Creates {@code broker.p12}, {@code broker.crt} and {@code truststore.p12} in {@code dir}. */
  public static TestCertificates create(Path dir) throws IOException, InterruptedException {
    String keyPassword = randomSecret("key-");
    String trustPassword = randomSecret("trust-");
    Path keyStore = dir.resolve("broker.p12");
    Path certificate = dir.resolve("broker.crt");
    Path trustStore = dir.resolve("truststore.p12");
    keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
        "-keystore", keyStore.toString(), "-storepass", keyPassword, "-keypass", keyPassword);
    keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keyStore.toString(), "-storepass", keyPassword,
        "-file", certificate.toString());
    keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(), "-storetype", "PKCS12",
        "-keystore", trustStore.toString(), "-storepass", trustPassword);
    return new TestCertificates(new TlsKeyStore(keyStore, keyPassword), trustStore, trustPassword);
  }

  /** A random secret with a recognisable prefix, e.g. {@code pw-3f9a...}: 128 bits, hex. */
  public static String randomSecret(String prefix) {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return prefix + HexFormat.of().formatHex(bytes);
  }

  public TlsKeyStore serverKeyStore() {
    return serverKeyStore;
  }

  public Path trustStore() {
    return trustStore;
  }

  public String trustStorePassword() {
    return trustStorePassword;
  }

  /**
   * Writes a Kafka client properties file as a user would for the broker's SASL_SSL listener: SCRAM-SHA-512 login
   * {@code user}/{@code password}, and, if {@code trusted}, the trust store holding the broker's certificate.
   */
  public Path clientProperties(Path file, String user, String password, boolean trusted) throws IOException {
    List<String> lines = new ArrayList<>(List.of(
        "security.protocol=SASL_SSL",
        "sasl.mechanism=SCRAM-SHA-512",
        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
            + "\" password=\"" + password + "\";"));
    if (trusted) {
      lines.add("ssl.truststore.type=PKCS12");
      lines.add("ssl.truststore.location=" + trustStore);
      lines.add("ssl.truststore.password=" + trustStorePassword);
    }
    return Files.write(file, lines);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
    }
  }
}
