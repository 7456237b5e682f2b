package com.ridecounts.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits a command's arguments into the launcher's own flags ({@code --input FILE} or {@code --input=FILE}) and the
 * rest, which are pipeline options and go to Beam's {@code PipelineOptionsFactory} unchanged.
 */
final class CommandLine {
  private final Map<String, String> own = new LinkedHashMap<>();
  private final List<String> pipelineArgs = new ArrayList<>();

  CommandLine(String[] args, Set<String> ownFlags) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg.startsWith("--") ? arg.substring(2).split("=", 2)[0] : "";
      if (!ownFlags.contains(name)) {
        pipelineArgs.add(arg);
      } else if (arg.contains("=")) {
        own.put(name, arg.substring(arg.indexOf('=') + 1));
      } else if (i + 1 < args.length) {
        own.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
    }
  }

  String required(String name) {
    String value = own.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  String get(String name, String defaultValue) {
    return own.getOrDefault(name, defaultValue);
  }

  /** Whether a pipeline option {@code --name} was given. */
  boolean hasPipelineOption(String name) {
    return pipelineArgs.stream().anyMatch(a -> a.equals("--" + name) || a.startsWith("--" + name + "="));
  }

  /** The pipeline options, plus {@code extra} ones the command sets itself (only where the user did not). */
  String[] pipelineArgs(Map<String, String> defaults) {
    List<String> all = new ArrayList<>(pipelineArgs);
    defaults.forEach(
        (name, value) -> {
          if (!hasPipelineOption(name)) {
            all.add("--" + name + "=" + value);
          }
        });
    return all.toArray(new String[0]);
  }
}
