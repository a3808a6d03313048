package dev.provenant.platform.build;

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
import java.util.Map;
import java.util.Optional;

/**
 * The rebuild store of a {@link PostgresBuildStore}, in its database and connection pool: table
 * {@code platform_rebuilds}, claimed with {@code FOR UPDATE SKIP LOCKED} and held by a lease, as
 * the builds are.
 */
final class PostgresRebuildStore implements RebuildStore {
  private final HikariDataSource pool;
  private final Clock clock;
  private final Duration lease;

  private PostgresRebuildStore(HikariDataSource pool, Clock clock, Duration lease) {
    this.pool = pool;
    this.clock = clock;
    this.lease = lease;
  }

  /** Creates the table when missing. */
  static PostgresRebuildStore open(HikariDataSource pool, Clock clock, Duration lease)
      throws IOException {
    try (Connection c = pool.getConnection();
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS platform_rebuilds ("
              + " id text PRIMARY KEY, project text NOT NULL, tag text NOT NULL, status text NOT NULL,"
              + " runner text, lease_until timestamptz, requested_at timestamptz NOT NULL,"
              + " record bytea NOT NULL)");
      st.execute(
          "CREATE INDEX IF NOT EXISTS platform_rebuilds_release"
              + " ON platform_rebuilds (project, tag, requested_at)");
    } catch (SQLException e) {
      throw io("create the rebuild table", e);
    }
    return new PostgresRebuildStore(pool, clock, lease);
  }

  @Override
  public void add(RebuildRecord r) throws IOException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO platform_rebuilds (id, project, tag, status, runner, requested_at, record)"
                    + " VALUES (?,?,?,?,?,?,?)")) {
      ps.setString(1, r.id());
      ps.setString(2, r.project());
      ps.setString(3, r.tag());
      ps.setString(4, r.status().apiName());
      ps.setString(5, r.runner());
      ps.setTimestamp(6, Timestamp.from(r.requestedAt()));
      ps.setBytes(7, RebuildRecordJson.toBytes(r));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw io("add rebuild " + r.id(), e);
    }
  }

  @Override
  public Optional<RebuildRecord> find(String id) throws IOException {
    List<RebuildRecord> l = many("SELECT record FROM platform_rebuilds WHERE id = ?", id);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  @Override
  public List<RebuildRecord> forRelease(String project, String tag) throws IOException {
    return many(
        "SELECT record FROM platform_rebuilds WHERE project = ? AND tag = ?"
            + " ORDER BY requested_at DESC, id DESC",
        project,
        tag);
  }

  @Override
  public Optional<RebuildRecord> claimNext(String runnerId) throws IOException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        RebuildRecord queued;
        try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT record FROM platform_rebuilds WHERE status = 'queued'"
                        + " ORDER BY requested_at, id LIMIT 1 FOR UPDATE SKIP LOCKED");
            ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            c.rollback();
            return Optional.empty();
          }
          queued = RebuildRecordJson.parse(rs.getBytes(1));
        }
        RebuildRecord claimed = queued.claimedBy(runnerId, clock.instant());
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE platform_rebuilds SET status = 'running', runner = ?, lease_until = ?,"
                    + " record = ? WHERE id = ?")) {
          ps.setString(1, runnerId);
          ps.setTimestamp(2, Timestamp.from(clock.instant().plus(lease)));
          ps.setBytes(3, RebuildRecordJson.toBytes(claimed));
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
      throw io("claim a rebuild", e);
    }
  }

  @Override
  public boolean heartbeat(String id, String runnerId) throws IOException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE platform_rebuilds SET lease_until = ?"
                    + " WHERE id = ? AND runner = ? AND status = 'running'")) {
      ps.setTimestamp(1, Timestamp.from(clock.instant().plus(lease)));
      ps.setString(2, id);
      ps.setString(3, runnerId);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw io("heartbeat rebuild " + id, e);
    }
  }

  @Override
  public boolean finish(RebuildRecord r) throws IOException {
    if (!r.status().isFinal() || r.runner() == null) {
      return false;
    }
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                // Only the runner holding the rebuild writes its outcome: one whose lease lapsed
                // (and whose rebuild was failed meanwhile) must not overwrite that.
                "UPDATE platform_rebuilds SET status = ?, lease_until = NULL, record = ?"
                    + " WHERE id = ? AND runner = ? AND status = 'running'")) {
      ps.setString(1, r.status().apiName());
      ps.setBytes(2, RebuildRecordJson.toBytes(r));
      ps.setString(3, r.id());
      ps.setString(4, r.runner());
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw io("finish rebuild " + r.id(), e);
    }
  }

  @Override
  public List<RebuildRecord> recoverAbandoned() throws IOException {
    List<RebuildRecord> changed = new ArrayList<>();
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        List<RebuildRecord> expired = new ArrayList<>();
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT record FROM platform_rebuilds WHERE status = 'running' AND lease_until < ?"
                    + " FOR UPDATE SKIP LOCKED")) {
          ps.setTimestamp(1, Timestamp.from(clock.instant()));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              expired.add(RebuildRecordJson.parse(rs.getBytes(1)));
            }
          }
        }
        for (RebuildRecord r : expired) {
          RebuildRecord failed =
              r.failed(
                  RebuildRecord.Failure.RUNNER_STOPPED,
                  "runner " + r.runner() + " stopped renewing its lease; queue the rebuild again",
                  null,
                  Map.of(),
                  clock.instant());
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE platform_rebuilds SET status = 'failed', lease_until = NULL, record = ?"
                      + " WHERE id = ?")) {
            ps.setBytes(1, RebuildRecordJson.toBytes(failed));
            ps.setString(2, failed.id());
            ps.executeUpdate();
          }
          changed.add(failed);
        }
        c.commit();
      } catch (SQLException | IOException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw io("recover abandoned rebuilds", e);
    }
    return changed;
  }

  private List<RebuildRecord> many(String sql, String... args) throws IOException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      List<RebuildRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(RebuildRecordJson.parse(rs.getBytes(1)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw io("read rebuilds", e);
    }
  }

  private static IOException io(String what, SQLException e) {
    return new IOException(
        "PostgreSQL: " + what + ": " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
  }
}
