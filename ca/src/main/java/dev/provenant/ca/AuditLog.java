package dev.provenant.ca;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One JSON line per issuance or refusal, so that operators can see who got which certificate and
 * why a request was turned down. Tokens are never logged; identities and serials are.
 */
public final class AuditLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Consumer<String> sink;
  private final Clock clock;

  /**
   * @param sink receives each line (without newline); must be thread-safe
   * @param clock the time source for the {@code time} field
   */
  public AuditLog(Consumer<String> sink, Clock clock) {
    this.sink = Objects.requireNonNull(sink);
    this.clock = Objects.requireNonNull(clock);
  }

  /** An audit log printing to standard error. */
  public static AuditLog stderr() {
    return new AuditLog(
        line -> {
          synchronized (System.err) {
            System.err.println(line);
          }
        },
        Clock.systemUTC());
  }

  /** Records an issued certificate. */
  public void issued(
      String remote, String issuer, String subject, String san, String serialHex, long ctIndex) {
    ObjectNode n = base("issued", remote);
    n.put("issuer", issuer).put("subject", subject).put("san", san).put("serial", serialHex);
    n.put("ctIndex", ctIndex);
    sink.accept(n.toString());
  }

  /** Records a refused request. */
  public void refused(String remote, String endpoint, Refusal reason, String detail) {
    ObjectNode n = base("refused", remote);
    n.put("endpoint", endpoint).put("reason", reason.name()).put("detail", detail);
    sink.accept(n.toString());
  }

  /** Records an issued timestamp. */
  public void timestamped(String remote, String hashAlgorithm, String serialHex) {
    ObjectNode n = base("timestamped", remote);
    n.put("hashAlgorithm", hashAlgorithm).put("serial", serialHex);
    sink.accept(n.toString());
  }

  private ObjectNode base(String event, String remote) {
    ObjectNode n = JSON.createObjectNode();
    n.put("time", clock.instant().toString()).put("event", event).put("remote", remote);
    return n;
  }
}
