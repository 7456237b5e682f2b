package com.ridecounts.it.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on loopback: a master and N workers, each a separate JVM started from the Spark jars
 * on this JVM's classpath (there is no Spark download here, so SPARK_HOME is a temporary directory whose {@code jars/}
 * links to those jars). {@link #submit} runs {@code org.apache.spark.deploy.SparkSubmit} against it, as spark-submit
 * does. Close it to stop every process (SIGTERM) and delete the directory.
 */
public final class SparkStandaloneCluster implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path home;
  private final String masterUrl;
  private final List<Process> processes = new ArrayList<>();

  private SparkStandaloneCluster(Path home, int port) {
    this.home = home;
    this.masterUrl = "spark://127.0.0.1:" + port;
  }

  /** Starts a master and {@code workers} workers with one core and {@code workerMemory} (e.g. "1g") each. */
  public static SparkStandaloneCluster start(int workers, String workerMemory) throws IOException, InterruptedException {
    Path home = Files.createTempDirectory("spark-home-");
    SparkStandaloneCluster cluster = new SparkStandaloneCluster(home, freePort());
    try {
      cluster.layOutHome();
      int port = Integer.parseInt(cluster.masterUrl.substring(cluster.masterUrl.lastIndexOf(':') + 1));
      Path masterLog =
          cluster.launch(
              "master",
              List.of(
                  "org.apache.spark.deploy.master.Master",
                  "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort())));
      awaitLine(masterLog, "I have been elected leader");
      for (int i = 0; i < workers; i++) {
        Path workerLog =
            cluster.launch(
                "worker-" + i,
                List.of(
                    "org.apache.spark.deploy.worker.Worker", cluster.masterUrl,
                    "--host", "127.0.0.1", "--cores", "1", "--memory", workerMemory,
                    "--webui-port", String.valueOf(freePort()),
                    "--work-dir", home.resolve("work-" + i).toString()));
        awaitLine(workerLog, "Successfully registered with master");
      }
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  public String masterUrl() {
    return masterUrl;
  }

  /**
   * Submits {@code appJar} in client deploy mode (the driver runs in the returned process, which gets the JVM flags
   * Spark needs on Java 17 through {@code driverJvmFlags}); its output goes to {@code log}.
   */
  public Process submit(
      Path appJar, String mainClass, List<String> driverJvmFlags, List<String> sparkConf, List<String> appArgs, Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(driverJvmFlags);
    command.addAll(List.of("-cp", home.resolve("jars") + File.separator + "*", "org.apache.spark.deploy.SparkSubmit"));
    command.addAll(List.of("--master", masterUrl, "--deploy-mode", "client", "--class", mainClass));
    for (String conf : sparkConf) {
      command.addAll(List.of("--conf", conf));
    }
    command.add(appJar.toString());
    command.addAll(appArgs);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    environment(builder);
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  /** The log of a started process, by name ("master", "worker-0", ...). */
  public Path log(String name) {
    return home.resolve("logs").resolve(name + ".log");
  }

  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process process = processes.get(i);
      process.destroy();
      try {
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    processes.clear();
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SPARK_HOME/jars links to every jar on this JVM's classpath; conf/ holds a quiet log4j2 configuration. */
  private void layOutHome() throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(home.resolve("logs"));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path jar = Path.of(entry);
      Path link = jars.resolve(jar.getFileName());
      if (entry.endsWith(".jar") && Files.isRegularFile(jar) && !Files.exists(link)) {
        Files.createSymbolicLink(link, jar.toAbsolutePath());
      }
    }
    Path conf = Files.createDirectories(home.resolve("conf"));
    Files.writeString(
        conf.resolve("log4j2.properties"),
        String.join(
            "\n",
            "rootLogger.level = warn",
            "rootLogger.appenderRef.stdout.ref = console",
            "appender.console.type = Console",
            "appender.console.name = console",
            "appender.console.target = SYSTEM_ERR",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n",
            "logger.spark.name = org.apache.spark.deploy",
            "logger.spark.level = info",
            "logger.ridecounts.name = com.ridecounts",
            "logger.ridecounts.level = info",
            ""),
        StandardCharsets.UTF_8);
  }

  private Path launch(String name, List<String> mainAndArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(Arrays.asList("-Xmx256m", "-cp", home.resolve("conf") + File.pathSeparator + home.resolve("jars")
        + File.separator + "*"));
    command.addAll(mainAndArgs);
    Path log = log(name);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    environment(builder);
    processes.add(builder.start());
    return log;
  }

  private void environment(ProcessBuilder builder) {
    builder.environment().put("SPARK_HOME", home.toString());
    builder.environment().put("SPARK_CONF_DIR", home.resolve("conf").toString());
    builder.environment().put("SPARK_SCALA_VERSION", "2.12");
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().put("SPARK_LOCAL_DIRS", home.resolve("local").toString());
  }

  private static void awaitLine(Path log, String line) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(line)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "'" + line + "' not seen in " + log + " within " + START_TIMEOUT + ":\n" + Files.readString(log));
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
