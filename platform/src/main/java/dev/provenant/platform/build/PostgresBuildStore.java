package dev.provenant.platform.build;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds in PostgreSQL, for runner processes on several machines. The queue is the table: a runner
 * claims the oldest queued row with {@code FOR UPDATE SKIP LOCKED} (no two runners take the same
 * row, none waits for another's lock), holds it by a lease it renews, and a partial unique index on
 * released rows makes a second release of one project's tag impossible, whoever attempts it.
 */
public final class PostgresBuildStore implements BuildStore {
  private static final String UNIQUE_VIOLATION = "23505";

  private final HikariDataSource pool;
  private final Clock clock;
  private final Duration lease;
  private RebuildStore rebuilds;

  private PostgresBuildStore(HikariDataSource pool, Clock clock, Duration lease) {
    this.pool = pool;
    this.clock = clock;
    this.lease = lease;
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
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO platform_builds (id, project, tag, status, runner, created_at, record) VALUES (?,?,?,?,?,?,?)")) {
      ps.setString(1, r.id());
      ps.setString(2, r.project());
      ps.setString(3, r.tag());
      ps.setString(4, r.status().apiName());
      ps.setString(5, r.runner());
      ps.setTimestamp(6, Timestamp.from(r.createdAt()));
      ps.setBytes(7, BuildRecordJson.toBytes(r));
      ps.executeUpdate();
      return r;
    } catch (SQLException e) {
      throw io("add build " + r.id(), e);
    }
  }

  @Override
  public Optional<BuildRecord> find(String id) throws IOException {
    return one("SELECT record FROM platform_builds WHERE id = ?", id);
  }

  @Override
  public Optional<BuildRecord> latest(String project, String tag) throws IOException {
    return one(
        "SELECT record FROM platform_builds WHERE project = ? AND tag = ? ORDER BY created_at DESC, id DESC LIMIT 1",
        project,
        tag);
  }

  @Override
  public List<BuildRecord> forProject(String project) throws IOException {
    return many(
        "SELECT record FROM platform_builds WHERE project = ? ORDER BY created_at DESC, id DESC",
        project);
  }

  @Override
  public Optional<BuildRecord> claimNext(String runnerId) throws IOException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        BuildRecord queued;
        try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT record FROM platform_builds WHERE status = 'queued' ORDER BY created_at, id"
                        + " LIMIT 1 FOR UPDATE SKIP LOCKED");
            ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            c.rollback();
            return Optional.empty();
          }
          queued = BuildRecordJson.parse(rs.getBytes(1));
        }
        BuildRecord claimed = queued.claimedBy(runnerId, clock.instant());
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE platform_builds SET status = 'building', runner = ?, lease_until = ?, record = ? WHERE id = ?")) {
          ps.setString(1, runnerId);
          ps.setTimestamp(2, Timestamp.from(clock.instant().plus(lease)));
          ps.setBytes(3, BuildRecordJson.toBytes(claimed));
          ps.setString(4, claimed.id());
          ps.executeUpdate();
        }
        c.commit();
        return Optional.of(claimed);
      } catch (SQLException | IOException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw io("claim a build", e);
    }
  }

  @Override
  public boolean heartbeat(String buildId, String runnerId) throws IOException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE platform_builds SET lease_until = ? WHERE id = ? AND runner = ? AND status = 'building'")) {
      ps.setTimestamp(1, Timestamp.from(clock.instant().plus(lease)));
      ps.setString(2, buildId);
      ps.setString(3, runnerId);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw io("heartbeat " + buildId, e);
    }
  }

  @Override
  public void update(BuildRecord r) throws IOException {
    if (held(
            "UPDATE platform_builds SET record = ? WHERE id = ? AND runner = ? AND status = 'building'",
            r)
        != 1) {
      throw new IOException("build " + r.id() + " is not held by runner " + r.runner());
    }
  }

  @Override
  public void markReleased(BuildRecord r) throws IOException, AlreadyReleasedException {
    BuildRecord done = r.withStatus(BuildStatus.RELEASED, null, clock.instant());
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE platform_builds SET status = 'released', lease_until = NULL, record = ?"
                    + " WHERE id = ? AND runner = ? AND status = 'building'")) {
      ps.setBytes(1, BuildRecordJson.toBytes(done));
      ps.setString(2, r.id());
      ps.setString(3, r.runner());
      if (ps.executeUpdate() != 1) {
        throw new IOException("build " + r.id() + " is not held by runner " + r.runner());
      }
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw new AlreadyReleasedException(r.project(), r.tag());
      }
      throw io("release " + r.id(), e);
    }
  }

  @Override
  public void markFailed(BuildRecord r, String reason) throws IOException {
    BuildRecord done = r.withStatus(BuildStatus.FAILED, reason, clock.instant());
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                // Only the runner holding the build may fail it: a runner whose lease lapsed must
                // not
                // overwrite the retry another runner started, nor a release made meanwhile.
                "UPDATE platform_builds SET status = 'failed', lease_until = NULL, record = ?"
                    + " WHERE id = ? AND runner = ? AND status = 'building'")) {
      ps.setBytes(1, BuildRecordJson.toBytes(done));
      ps.setString(2, r.id());
      ps.setString(3, r.runner());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw io("fail " + r.id(), e);
    }
  }

  @Override
  public boolean isReleased(String project, String tag) throws IOException {
    return one(
            "SELECT record FROM platform_builds WHERE project = ? AND tag = ? AND status = 'released'",
            project,
            tag)
        .isPresent();
  }

  @Override
  public List<BuildRecord> recoverAbandoned() throws IOException {
    List<BuildRecord> changed = new ArrayList<>();
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        List<BuildRecord> expired = new ArrayList<>();
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT record FROM platform_builds WHERE status = 'building' AND lease_until < ? FOR UPDATE SKIP LOCKED")) {
          ps.setTimestamp(1, Timestamp.from(clock.instant()));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              expired.add(BuildRecordJson.parse(rs.getBytes(1)));
            }
          }
        }
        for (BuildRecord r : expired) {
          BuildRecord next =
              r.attempt() < 2
                  ? r.requeued()
                  : r.withStatus(
                      BuildStatus.FAILED,
                      "runner "
                          + r.runner()
                          + " stopped during attempt "
                          + r.attempt()
                          + " (no retries left)",
                      clock.instant());
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE platform_builds SET status = ?, runner = NULL, lease_until = NULL, record = ? WHERE id = ?")) {
            ps.setString(1, next.status().apiName());
            ps.setBytes(2, BuildRecordJson.toBytes(next));
            ps.setString(3, next.id());
            ps.executeUpdate();
          }
          changed.add(next);
        }
        c.commit();
      } catch (SQLException | IOException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw io("recover abandoned builds", e);
    }
    return changed;
  }

  @Override
  public RebuildStore rebuilds() {
    return rebuilds;
  }

  private int held(String sql, BuildRecord r) throws IOException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setBytes(1, BuildRecordJson.toBytes(r));
      ps.setString(2, r.id());
      ps.setString(3, r.runner());
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw io("update " + r.id(), e);
    }
  }

  private Optional<BuildRecord> one(String sql, String... args) throws IOException {
    List<BuildRecord> l = many(sql, args);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  private List<BuildRecord> many(String sql, String... args) throws IOException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      List<BuildRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(BuildRecordJson.parse(rs.getBytes(1)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw io(sql.split(" ")[0].toLowerCase(java.util.Locale.ROOT), e);
    }
  }

  private static IOException io(String what, SQLException e) {
    return new IOException(
        "PostgreSQL: " + what + ": " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
  }

  @Override
  public void close() {
    pool.close();
  }
}
