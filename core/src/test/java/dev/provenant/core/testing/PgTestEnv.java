package dev.provenant.core.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL test cluster started by scripts/test.d/20-postgres.sh ({@code
 * PROVENANT_TEST_PG_URL}, {@code _USER}, {@code _PASSWORD}). Missing in CI is a failure; locally
 * the test is skipped with a message.
 */
public record PgTestEnv(String url, String user, String password) {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  /** The environment, or a failed (CI) / skipped (local) test. */
  public static PgTestEnv require() {
    String url = System.getenv("PROVENANT_TEST_PG_URL");
    Skip.unless(
        url != null && !url.isBlank(),
        "PROVENANT_TEST_PG_URL is not set: run scripts/test, whose test.d/20-postgres.sh starts PostgreSQL");
    return new PgTestEnv(
        url, System.getenv("PROVENANT_TEST_PG_USER"), System.getenv("PROVENANT_TEST_PG_PASSWORD"));
  }

  /** Creates an empty database and returns its JDBC URL. */
  public String freshDatabase(String prefix) throws Exception {
    String name =
        prefix
            + "_"
            + ProcessHandle.current().pid()
            + "_"
            + System.nanoTime() % 1_000_000
            + "_"
            + COUNTER.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    int slash = url.lastIndexOf('/');
    int q = url.indexOf('?', slash);
    return url.substring(0, slash + 1) + name + (q >= 0 ? url.substring(q) : "");
  }
}
