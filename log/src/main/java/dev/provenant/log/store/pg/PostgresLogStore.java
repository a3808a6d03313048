package dev.provenant.log.store.pg;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.provenant.core.merkle.HashSource;
import dev.provenant.core.merkle.Rfc6962;
import dev.provenant.log.store.CommitBatch;
import dev.provenant.log.store.LogStore;
import dev.provenant.log.store.NewEntry;
import dev.provenant.log.store.NodeHash;
import dev.provenant.log.store.StoredEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * The PostgreSQL storage backend: several stateless log replicas share one database; the one
 * holding a session-level advisory lock sequences, the others forward appends through the {@code
 * tlog_pending} table and follow the committed head.
 *
 * <p>Each batch is one transaction (one WAL flush with {@code synchronous_commit=on}) that first
 * checks, under a row lock, that the stored size equals the batch's first index: a deposed
 * sequencer that still believes it leads can never fork the tree. Node hashes are immutable and
 * cached in memory.
 */
public final class PostgresLogStore implements LogStore {
  private static final int NODE_CACHE = 1 << 20;

  private final HikariDataSource pool;
  private final String url;
  private final Properties connProps;
  private final long lockKey;
  private Connection lockConn;
  private volatile long size;
  private final Map<Long, byte[]> nodeCache =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>(1 << 16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, byte[]> e) {
              return size() > NODE_CACHE;
            }
          });

  private PostgresLogStore(String url, Properties props, long lockKey) {
    this.url = url;
    this.connProps = props;
    this.lockKey = lockKey;
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    hc.setDataSourceProperties(props);
    hc.setMaximumPoolSize(16);
    hc.setMinimumIdle(2);
    hc.setPoolName("provenant-log");
    this.pool = new HikariDataSource(hc);
  }

  /**
   * Connects, creating the schema if needed. The schema is bound to one log: a database used by
   * another log key is refused.
   *
   * @param logId hex log ID of the key this process signs with
   * @throws IOException if the database is unreachable or belongs to another log
   */
  public static LogStore open(String url, String user, String password, String logId)
      throws IOException {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    p.setProperty("reWriteBatchedInserts", "true");
    long lockKey = ByteBuffer.wrap(dev.provenant.core.encoding.Hex.decode(logId), 0, 8).getLong();
    PostgresLogStore s;
    try {
      s = new PostgresLogStore(url, p, lockKey);
    } catch (RuntimeException e) {
      throw new IOException("cannot connect to PostgreSQL at " + url + ": " + e.getMessage(), e);
    }
    try {
      s.createSchema(logId);
      s.size = s.readSize();
    } catch (SQLException | IOException e) {
      s.close();
      throw e instanceof IOException io ? io : new IOException("PostgreSQL: " + e.getMessage(), e);
    }
    return s;
  }

  private void createSchema(String logId) throws SQLException, IOException {
    try (Connection c = pool.getConnection();
        Statement st = c.createStatement()) {
      // Serialize schema creation between replicas starting at once.
      st.execute("SELECT pg_advisory_lock(42424242)");
      try {
        st.execute("CREATE TABLE IF NOT EXISTS tlog_meta (k text PRIMARY KEY, v text NOT NULL)");
        st.execute(
            "CREATE TABLE IF NOT EXISTS tlog_entries (idx bigint PRIMARY KEY,"
                + " leaf_hash bytea NOT NULL UNIQUE, data bytea NOT NULL, integrated_time bigint NOT NULL,"
                + " keys text[] NOT NULL)");
        st.execute(
            "CREATE TABLE IF NOT EXISTS tlog_nodes (level smallint NOT NULL, idx bigint NOT NULL,"
                + " hash bytea NOT NULL, PRIMARY KEY (level, idx))");
        st.execute("CREATE TABLE IF NOT EXISTS tlog_keys (key text NOT NULL, idx bigint NOT NULL)");
        st.execute("CREATE INDEX IF NOT EXISTS tlog_keys_key ON tlog_keys (key)");
        st.execute(
            "CREATE TABLE IF NOT EXISTS tlog_head (id int PRIMARY KEY CHECK (id = 1),"
                + " size bigint NOT NULL, checkpoint text)");
        st.execute(
            "CREATE TABLE IF NOT EXISTS tlog_pending (id bigserial PRIMARY KEY,"
                + " leaf_hash bytea NOT NULL, data bytea NOT NULL, keys text[] NOT NULL)");
        st.execute("INSERT INTO tlog_head (id, size) VALUES (1, 0) ON CONFLICT DO NOTHING");
        st.execute(
            "INSERT INTO tlog_meta (k, v) VALUES ('log_id', '"
                + logId.replaceAll("[^0-9a-f]", "")
                + "') ON CONFLICT DO NOTHING");
        try (ResultSet rs = st.executeQuery("SELECT v FROM tlog_meta WHERE k = 'log_id'")) {
          rs.next();
          if (!rs.getString(1).equals(logId)) {
            throw new IOException("database holds the log " + rs.getString(1) + ", not " + logId);
          }
        }
      } finally {
        st.execute("SELECT pg_advisory_unlock(42424242)");
      }
    }
  }

  private long readSize() throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT size FROM tlog_head WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public long size() throws IOException {
    return size;
  }

  @Override
  public StoredHead readHead() throws IOException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT size, checkpoint FROM tlog_head WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      long s = rs.getLong(1);
      String cp = rs.getString(2);
      if (s > size) {
        size = s;
      }
      return cp == null ? null : new StoredHead(s, cp);
    } catch (SQLException e) {
      throw io(e);
    }
  }

  @Override
  public HashSource hashes() {
    return (level, idx) -> {
      long key = ((long) level << 56) | idx;
      byte[] h = nodeCache.get(key);
      if (h != null) {
        return h;
      }
      try (Connection c = pool.getConnection();
          PreparedStatement ps =
              c.prepareStatement("SELECT hash FROM tlog_nodes WHERE level = ? AND idx = ?")) {
        ps.setShort(1, (short) level);
        ps.setLong(2, idx);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new IOException("missing node " + level + "/" + idx);
          }
          h = rs.getBytes(1);
        }
      } catch (SQLException e) {
        throw io(e);
      }
      nodeCache.put(key, h);
      return h;
    };
  }

  @Override
  public OptionalLong findLeaf(byte[] leafHash) throws IOException {
    Long[] r = findLeaves(List.of(leafHash));
    return r[0] == null ? OptionalLong.empty() : OptionalLong.of(r[0]);
  }

  @Override
  public Long[] findLeaves(List<byte[]> leafHashes) throws IOException {
    Long[] out = new Long[leafHashes.size()];
    if (leafHashes.isEmpty()) {
      return out;
    }
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT leaf_hash, idx FROM tlog_entries WHERE leaf_hash = ANY(?)")) {
      Array arr = c.createArrayOf("bytea", leafHashes.toArray(new byte[0][]));
      ps.setArray(1, arr);
      Map<ByteBuffer, Long> found = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.put(ByteBuffer.wrap(rs.getBytes(1)), rs.getLong(2));
        }
      }
      for (int i = 0; i < out.length; i++) {
        out[i] = found.get(ByteBuffer.wrap(leafHashes.get(i)));
      }
      return out;
    } catch (SQLException e) {
      throw io(e);
    }
  }

  @Override
  public List<Long> findByKey(String key, int limit) throws IOException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT DISTINCT idx FROM tlog_keys WHERE key = ? ORDER BY idx LIMIT ?")) {
      ps.setString(1, key);
      ps.setInt(2, limit);
      List<Long> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw io(e);
    }
  }

  @Override
  public StoredEntry entry(long index) throws IOException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT data, integrated_time, keys FROM tlog_entries WHERE idx = ?")) {
      ps.setLong(1, index);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IOException("no entry " + index);
        }
        String[] keys = (String[]) rs.getArray(3).getArray();
        return new StoredEntry(rs.getBytes(1), rs.getLong(2), List.of(keys));
      }
    } catch (SQLException e) {
      throw io(e);
    }
  }

  @Override
  public String latestCheckpoint() throws IOException {
    StoredHead h = readHead();
    return h == null ? null : h.checkpoint();
  }

  @Override
  public synchronized boolean tryAcquireSequencer() throws IOException {
    try {
      if (lockConn != null && !lockConn.isClosed() && lockConn.isValid(2)) {
        return true;
      }
      if (lockConn != null) {
        closeQuietly(lockConn);
        lockConn = null;
      }
      Connection c = DriverManager.getConnection(url, connProps);
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
        ps.setLong(1, lockKey);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (!rs.getBoolean(1)) {
            c.close();
            return false;
          }
        }
      }
      c.setAutoCommit(false);
      lockConn = c;
      size = readSize();
      return true;
    } catch (SQLException e) {
      throw io(e);
    }
  }

  @Override
  public synchronized boolean isSequencer() {
    try {
      return lockConn != null && !lockConn.isClosed();
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public synchronized void commit(CommitBatch b) throws IOException {
    if (lockConn == null) {
      throw new IOException("not the sequencer");
    }
    Connection c = lockConn;
    try {
      try (PreparedStatement ps =
              c.prepareStatement("SELECT size FROM tlog_head WHERE id = 1 FOR UPDATE");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getLong(1) != b.firstIndex()) {
          throw new IOException(
              "stored size "
                  + rs.getLong(1)
                  + " differs from batch start "
                  + b.firstIndex()
                  + ": another sequencer wrote");
        }
      }
      if (!b.entries().isEmpty()) {
        try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO tlog_entries (idx, leaf_hash, data, integrated_time, keys) VALUES (?, ?, ?, ?, ?)");
            PreparedStatement ks =
                c.prepareStatement("INSERT INTO tlog_keys (key, idx) VALUES (?, ?)")) {
          long idx = b.firstIndex();
          boolean anyKeys = false;
          for (NewEntry e : b.entries()) {
            ps.setLong(1, idx);
            ps.setBytes(2, e.leafHash());
            ps.setBytes(3, e.data());
            ps.setLong(4, e.integratedTime());
            ps.setArray(5, c.createArrayOf("text", e.keys().toArray()));
            ps.addBatch();
            for (String k : e.keys()) {
              ks.setString(1, k);
              ks.setLong(2, idx);
              ks.addBatch();
              anyKeys = true;
            }
            idx++;
          }
          ps.executeBatch();
          if (anyKeys) {
            ks.executeBatch();
          }
        }
        try (PreparedStatement ps =
            c.prepareStatement("INSERT INTO tlog_nodes (level, idx, hash) VALUES (?, ?, ?)")) {
          for (NodeHash n : b.nodes()) {
            ps.setShort(1, (short) n.level());
            ps.setLong(2, n.index());
            ps.setBytes(3, n.hash());
            ps.addBatch();
          }
          ps.executeBatch();
        }
        try (PreparedStatement ps =
            c.prepareStatement("UPDATE tlog_head SET size = ?, checkpoint = ? WHERE id = 1")) {
          ps.setLong(1, b.newSize());
          ps.setString(2, b.signedCheckpoint());
          ps.executeUpdate();
        }
      }
      if (!b.consumedPending().isEmpty()) {
        try (PreparedStatement ps =
            c.prepareStatement("DELETE FROM tlog_pending WHERE id = ANY(?)")) {
          ps.setArray(1, c.createArrayOf("bigint", b.consumedPending().toArray()));
          ps.executeUpdate();
        }
      }
      c.commit();
      for (NodeHash n : b.nodes()) {
        nodeCache.put(((long) n.level() << 56) | n.index(), n.hash());
      }
      size = b.newSize();
    } catch (SQLException | IOException e) {
      try {
        c.rollback();
      } catch (SQLException r) {
        // the connection is gone; the lock with it
      }
      throw e instanceof IOException io ? io : io((SQLException) e);
    }
  }

  @Override
  public void submitPending(List<NewEntry> entries) throws IOException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO tlog_pending (leaf_hash, data, keys) VALUES (?, ?, ?)")) {
      for (NewEntry e : entries) {
        ps.setBytes(1, e.leafHash());
        ps.setBytes(2, e.data());
        ps.setArray(3, c.createArrayOf("text", e.keys().toArray()));
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (SQLException e) {
      throw io(e);
    }
  }

  @Override
  public List<PendingEntry> pollPending(int max) throws IOException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, leaf_hash, data, keys FROM tlog_pending ORDER BY id LIMIT ?")) {
      ps.setInt(1, max);
      List<PendingEntry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byte[] data = rs.getBytes(3);
          byte[] lh = rs.getBytes(2);
          if (lh.length != Rfc6962.HASH_SIZE) {
            continue;
          }
          out.add(
              new PendingEntry(
                  rs.getLong(1),
                  new NewEntry(lh, data, 0, List.of((String[]) rs.getArray(4).getArray()))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw io(e);
    }
  }

  @Override
  public synchronized void close() {
    if (lockConn != null) {
      closeQuietly(lockConn);
      lockConn = null;
    }
    pool.close();
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // closing anyway
    }
  }

  private static IOException io(SQLException e) {
    return new IOException("PostgreSQL: " + e.getMessage(), e);
  }
}
