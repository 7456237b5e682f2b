package com.ridecounts.launcher;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A PKCS12 key store holding a server's private key and certificate (key and store share one password), for the
 * embedded broker's SASL_SSL listener.
 */
public final class TlsKeyStore {
  private final Path path;
  private final String password;

  public TlsKeyStore(Path path, String password) {
    this.path = Objects.requireNonNull(path);
    this.password = Objects.requireNonNull(password);
  }

  public Path path() {
    return path;
  }

  public String password() {
    return password;
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "TlsKeyStore[" + path + "]";
  }
}
