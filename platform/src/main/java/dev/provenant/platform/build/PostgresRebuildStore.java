package dev.provenant.platform.build;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rebuild store of a {@link PostgresBuildStore}, in its database and connection pool: table
 * {@code platform_rebuilds}, claimed with {@code FOR UPDATE SKIP LOCKED} and held by a lease, as
 * the builds are.
 */
final class PostgresRebuildStore implements RebuildStore {
  private final Clock clock;
  private final PostgresLeasedTable<RebuildRecord> rebuilds;

  private PostgresRebuildStore(HikariDataSource pool, Clock clock, Duration lease) {
    this.clock = clock;
    this.rebuilds =
        new PostgresLeasedTable<>(
            pool,
            clock,
            lease,
            "platform_rebuilds",
            "requested_at",
            RebuildRecord.Status.RUNNING.apiName(),
            "rebuild",
            RecordCodec.REBUILDS);
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
      throw PostgresLeasedTable.io("create the rebuild table", e);
    }
    return new PostgresRebuildStore(pool, clock, lease);
  }

  @Override
  public void add(RebuildRecord r) throws IOException {
    rebuilds.insert(r, r.project(), r.tag(), r.status().apiName(), r.runner(), r.requestedAt());
  }

  @Override
  public Optional<RebuildRecord> find(String id) throws IOException {
    return rebuilds.one("SELECT record FROM platform_rebuilds WHERE id = ?", id);
  }

  @Override
  public List<RebuildRecord> forRelease(String project, String tag) throws IOException {
    return rebuilds.many(
        "SELECT record FROM platform_rebuilds WHERE project = ? AND tag = ?"
            + " ORDER BY requested_at DESC, id DESC",
        project,
        tag);
  }

  @Override
  public Optional<RebuildRecord> claimNext(String runnerId) throws IOException {
    return rebuilds.claimNext(runnerId, (queued, now) -> queued.claimedBy(runnerId, now));
  }

  @Override
  public boolean heartbeat(String id, String runnerId) throws IOException {
    return rebuilds.heartbeat(id, runnerId);
  }

  @Override
  public boolean finish(RebuildRecord r) throws IOException {
    if (!r.status().isFinal() || r.runner() == null) {
      return false;
    }
    try {
      return rebuilds.writeHeld(r, r.runner(), r.status().apiName()) == 1;
    } catch (SQLException e) {
      throw PostgresLeasedTable.io("finish rebuild " + r.id(), e);
    }
  }

  @Override
  public List<RebuildRecord> recoverAbandoned() throws IOException {
    return rebuilds.recoverExpired(
        r ->
            r.failed(
                RebuildRecord.Failure.RUNNER_STOPPED,
                "runner " + r.runner() + " stopped renewing its lease; queue the rebuild again",
                null,
                Map.of(),
                clock.instant()),
        r -> r.status().apiName());
  }
}
