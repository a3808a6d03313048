package dev.provenant.log.store.pg;

import dev.provenant.log.store.LogStore;
import java.io.IOException;

/** Placeholder until the PostgreSQL backend lands. */
public final class PostgresLogStore {
  private PostgresLogStore() {}

  /** Opens the PostgreSQL backend. */
  public static LogStore open(String url, String user, String password, String logId)
      throws IOException {
    throw new IOException("PostgreSQL backend not available yet");
  }
}
