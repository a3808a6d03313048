package dev.provenant.platform.build;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The queue both PostgreSQL stores share, builds and rebuilds: a table of records (columns {@code
 * id, project, tag, status, runner, lease_until}, an order column and the record's JSON in {@code
 * record}) that a runner claims with {@code FOR UPDATE SKIP LOCKED} (no two runners take the same
 * row, none waits for another's lock) and holds by a lease it renews. Only the holder of a running
 * row may write its outcome.
 */
final class PostgresLeasedTable<R> {
  private final HikariDataSource pool;
  private final Clock clock;
  private final Duration lease;
  private final String table;
  private final String orderColumn;
  private final String running;
  private final String noun;
  private final RecordCodec<R> codec;

  /**
   * @param orderColumn the timestamp the queue is served in (oldest first)
   * @param running the status a claimed row holds while its runner works
   * @param noun what a row is, for error messages ("build")
   */
  PostgresLeasedTable(
      HikariDataSource pool,
      Clock clock,
      Duration lease,
      String table,
      String orderColumn,
      String running,
      String noun,
      RecordCodec<R> codec) {
    this.pool = pool;
    this.clock = clock;
    this.lease = lease;
    this.table = table;
    this.orderColumn = orderColumn;
    this.running = running;
    this.noun = noun;
    this.codec = codec;
  }

  /** Inserts a new row. */
  void insert(R r, String project, String tag, String status, String runner, Instant orderedAt)
      throws IOException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO "
                    + table
                    + " (id, project, tag, status, runner, "
                    + orderColumn
                    + ", record) VALUES (?,?,?,?,?,?,?)")) {
      ps.setString(1, codec.idOf(r));
      ps.setString(2, project);
      ps.setString(3, tag);
      ps.setString(4, status);
      ps.setString(5, runner);
      ps.setTimestamp(6, Timestamp.from(orderedAt));
      ps.setBytes(7, codec.bytes(r));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw io("add " + noun + " " + codec.idOf(r), e);
    }
  }

  /**
   * Claims the oldest queued row for {@code runnerId}: {@code claim} turns the queued record into
   * the claimed one, which is stored with status {@code running} and a fresh lease.
   */
  Optional<R> claimNext(String runnerId, BiFunction<R, Instant, R> claim) throws IOException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        R queued;
        try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT record FROM "
                        + table
                        + " WHERE status = 'queued' ORDER BY "
                        + orderColumn
                        + ", id LIMIT 1 FOR UPDATE SKIP LOCKED");
            ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            c.rollback();
            return Optional.empty();
          }
          queued = codec.parse(rs.getBytes(1));
        }
        R claimed = claim.apply(queued, clock.instant());
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE "
                    + table
                    + " SET status = '"
                    + running
                    + "', runner = ?, lease_until = ?, record = ? WHERE id = ?")) {
          ps.setString(1, runnerId);
          ps.setTimestamp(2, Timestamp.from(clock.instant().plus(lease)));
          ps.setBytes(3, codec.bytes(claimed));
          ps.setString(4, codec.idOf(claimed));
          ps.executeUpdate();
        }
        c.commit();
        return Optional.of(claimed);
      } catch (SQLException | IOException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw io("claim a " + noun, e);
    }
  }

  /** Renews the lease; false when {@code runnerId} does not hold the running row. */
  boolean heartbeat(String id, String runnerId) throws IOException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE "
                    + table
                    + " SET lease_until = ? WHERE id = ? AND runner = ? AND status = '"
                    + running
                    + "'")) {
      ps.setTimestamp(1, Timestamp.from(clock.instant().plus(lease)));
      ps.setString(2, id);
      ps.setString(3, runnerId);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw io("heartbeat " + noun + " " + id, e);
    }
  }

  /**
   * Writes a held row's record (and {@code status}, when not null) if {@code runner} still holds it
   * running; the lease ends with a status. Only the holder may write: a runner whose lease lapsed
   * must not overwrite the retry another runner started, nor an outcome written meanwhile.
   *
   * @return the rows written, 1 or 0
   * @throws SQLException as the database reports it (the caller tells a constraint from the rest)
   */
  int writeHeld(R r, String runner, String status) throws SQLException {
    String set = status == null ? "record = ?" : "status = ?, lease_until = NULL, record = ?";
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE "
                    + table
                    + " SET "
                    + set
                    + " WHERE id = ? AND runner = ? AND status = '"
                    + running
                    + "'")) {
      int i = 1;
      if (status != null) {
        ps.setString(i++, status);
      }
      ps.setBytes(i++, codec.bytes(r));
      ps.setString(i++, codec.idOf(r));
      ps.setString(i, runner);
      return ps.executeUpdate();
    }
  }

  /**
   * Ends every running row whose lease lapsed, in one transaction: {@code next} says what the
   * record becomes (queued again or failed), {@code statusOf} its status column.
   *
   * @return the records written
   */
  List<R> recoverExpired(Function<R, R> next, Function<R, String> statusOf) throws IOException {
    List<R> changed = new ArrayList<>();
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        List<R> expired = new ArrayList<>();
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT record FROM "
                    + table
                    + " WHERE status = '"
                    + running
                    + "' AND lease_until < ? FOR UPDATE SKIP LOCKED")) {
          ps.setTimestamp(1, Timestamp.from(clock.instant()));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              expired.add(codec.parse(rs.getBytes(1)));
            }
          }
        }
        for (R r : expired) {
          R after = next.apply(r);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE "
                      + table
                      + " SET status = ?, runner = NULL, lease_until = NULL, record = ? WHERE id = ?")) {
            ps.setString(1, statusOf.apply(after));
            ps.setBytes(2, codec.bytes(after));
            ps.setString(3, codec.idOf(after));
            ps.executeUpdate();
          }
          changed.add(after);
        }
        c.commit();
      } catch (SQLException | IOException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw io("recover abandoned " + noun + "s", e);
    }
    return changed;
  }

  /** The first record {@code sql} selects (one column, {@code record}). */
  Optional<R> one(String sql, String... args) throws IOException {
    List<R> l = many(sql, args);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  /** The records {@code sql} selects (one column, {@code record}), with string parameters. */
  List<R> many(String sql, String... args) throws IOException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      List<R> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(codec.parse(rs.getBytes(1)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw io("read " + noun + "s", e);
    }
  }

  static IOException io(String what, SQLException e) {
    return new IOException(
        "PostgreSQL: " + what + ": " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
  }
}
