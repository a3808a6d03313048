package dev.provenant.platform.build;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Builds in PostgreSQL, for runner processes on several machines. The queue is the table (a {@link
 * PostgresLeasedTable}: claimed with {@code FOR UPDATE SKIP LOCKED}, held by a lease the runner
 * renews), and a partial unique index on released rows makes a second release of one project's tag
 * impossible, whoever attempts it.
 */
public final class PostgresBuildStore implements BuildStore {
  private static final String UNIQUE_VIOLATION = "23505";

  private final HikariDataSource pool;
  private final Clock clock;
  private final PostgresLeasedTable<BuildRecord> builds;
  private RebuildStore rebuilds;

  private PostgresBuildStore(HikariDataSource pool, Clock clock, Duration lease) {
    this.pool = pool;
    this.clock = clock;
    this.builds =
        new PostgresLeasedTable<>(
            pool,
            clock,
            lease,
            "platform_builds",
            "created_at",
            BuildStatus.BUILDING.apiName(),
            "build",
            RecordCodec.BUILDS);
  }

  /**
   * Connects and creates the tables when missing.
   *
   * @param lease how long a claimed build stays a runner's without a heartbeat
   */
  public static PostgresBuildStore open(
      String url, String user, String password, Clock clock, Duration lease) throws IOException {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    hc.setUsername(user);
    hc.setPassword(password);
    hc.setMaximumPoolSize(4);
    hc.setPoolName("provenant-builds");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new IOException("PostgreSQL unreachable at " + url + ": " + e.getMessage(), e);
    }
    PostgresBuildStore s = new PostgresBuildStore(pool, clock, lease);
    try (Connection c = pool.getConnection();
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS platform_builds ("
              + " id text PRIMARY KEY, project text NOT NULL, tag text NOT NULL, status text NOT NULL,"
              + " runner text, lease_until timestamptz, created_at timestamptz NOT NULL, record bytea NOT NULL)");
      st.execute(
          "CREATE UNIQUE INDEX IF NOT EXISTS platform_builds_released"
              + " ON platform_builds (project, tag) WHERE status = 'released'");
      st.execute(
          "CREATE INDEX IF NOT EXISTS platform_builds_queued"
              + " ON platform_builds (created_at, id) WHERE status = 'queued'");
    } catch (SQLException e) {
      pool.close();
      throw new IOException("PostgreSQL: cannot create the build tables: " + e.getMessage(), e);
    }
    try {
      s.rebuilds = PostgresRebuildStore.open(pool, clock, lease);
    } catch (IOException e) {
      pool.close();
      throw e;
    }
    return s;
  }

  @Override
  public BuildRecord add(BuildRecord r) throws IOException {
    builds.insert(r, r.project(), r.tag(), r.status().apiName(), r.runner(), r.createdAt());
    return r;
  }

  @Override
  public Optional<BuildRecord> find(String id) throws IOException {
    return builds.one("SELECT record FROM platform_builds WHERE id = ?", id);
  }

  @Override
  public Optional<BuildRecord> latest(String project, String tag) throws IOException {
    return builds.one(
        "SELECT record FROM platform_builds WHERE project = ? AND tag = ? ORDER BY created_at DESC, id DESC LIMIT 1",
        project,
        tag);
  }

  @Override
  public List<BuildRecord> forProject(String project) throws IOException {
    return builds.many(
        "SELECT record FROM platform_builds WHERE project = ? ORDER BY created_at DESC, id DESC",
        project);
  }

  @Override
  public Optional<BuildRecord> claimNext(String runnerId) throws IOException {
    return builds.claimNext(runnerId, (queued, now) -> queued.claimedBy(runnerId, now));
  }

  @Override
  public boolean heartbeat(String buildId, String runnerId) throws IOException {
    return builds.heartbeat(buildId, runnerId);
  }

  @Override
  public void update(BuildRecord r) throws IOException {
    int written;
    try {
      written = builds.writeHeld(r, r.runner(), null);
    } catch (SQLException e) {
      throw PostgresLeasedTable.io("update " + r.id(), e);
    }
    if (written != 1) {
      throw new IOException("build " + r.id() + " is not held by runner " + r.runner());
    }
  }

  @Override
  public void markReleased(BuildRecord r) throws IOException, AlreadyReleasedException {
    BuildRecord done = r.withStatus(BuildStatus.RELEASED, null, clock.instant());
    int written;
    try {
      written = builds.writeHeld(done, r.runner(), BuildStatus.RELEASED.apiName());
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw new AlreadyReleasedException(r.project(), r.tag());
      }
      throw PostgresLeasedTable.io("release " + r.id(), e);
    }
    if (written != 1) {
      throw new IOException("build " + r.id() + " is not held by runner " + r.runner());
    }
  }

  @Override
  public void markFailed(BuildRecord r, String reason) throws IOException {
    BuildRecord done = r.withStatus(BuildStatus.FAILED, reason, clock.instant());
    try {
      builds.writeHeld(done, r.runner(), BuildStatus.FAILED.apiName());
    } catch (SQLException e) {
      throw PostgresLeasedTable.io("fail " + r.id(), e);
    }
  }

  @Override
  public boolean isReleased(String project, String tag) throws IOException {
    return builds
        .one(
            "SELECT record FROM platform_builds WHERE project = ? AND tag = ? AND status = 'released'",
            project,
            tag)
        .isPresent();
  }

  @Override
  public List<BuildRecord> recoverAbandoned() throws IOException {
    return builds.recoverExpired(
        r ->
            r.attempt() < 2
                ? r.requeued()
                : r.withStatus(
                    BuildStatus.FAILED,
                    "runner "
                        + r.runner()
                        + " stopped during attempt "
                        + r.attempt()
                        + " (no retries left)",
                    clock.instant()),
        r -> r.status().apiName());
  }

  @Override
  public RebuildStore rebuilds() {
    return rebuilds;
  }

  @Override
  public void close() {
    pool.close();
  }
}
