package dev.provenant.cli;

import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.sign.ServiceException;
import dev.provenant.sign.http.TransportException;
import dev.provenant.sign.rekor.RekorSearch;
import dev.provenant.sign.rekor.RekorSearchException;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.TlogLookup;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The verifier's online log lookup ({@link TlogLookup}, declared by verify so that verification
 * stays offline-capable and HTTP-free) backed by the signing client's {@link RekorSearch} and its
 * one HTTP transport. verify does not depend on sign: the CLI joins them here, mapping the client's
 * typed failures onto the lookup contract (unreachable: {@code LOG_UNREACHABLE}, no match: {@code
 * TLOG_ENTRY_NOT_FOUND}, malformed answer: {@code TLOG_ENTRY_INVALID}).
 */
final class RekorTlogLookup implements TlogLookup {
  private static final String CHECK = "tlog.search";
  private final RekorSearch search;

  private RekorTlogLookup(RekorSearch search) {
    this.search = search;
  }

  /** A lookup against the Rekor v1 log at {@code base}. */
  static RekorTlogLookup create(URI base) {
    return new RekorTlogLookup(RekorSearch.create(base));
  }

  @Override
  public List<TlogEntry> findByEnvelope(
      byte[] envelopeJson, DsseEnvelope envelope, X509Certificate leaf)
      throws VerificationException {
    try {
      return search.findByEnvelope(envelopeJson, envelope, leaf);
    } catch (ServiceException e) {
      throw map(e);
    }
  }

  @Override
  public List<TlogEntry> findByArtifactDigest(String sha256Hex) throws VerificationException {
    try {
      return search.findByArtifactDigest(sha256Hex);
    } catch (ServiceException e) {
      throw map(e);
    }
  }

  @Override
  public String describe() {
    return search.describe();
  }

  static VerificationException map(ServiceException e) {
    if (e instanceof RekorSearchException s) {
      return new VerificationException(
          CHECK,
          s.reason() == RekorSearchException.Reason.NOT_FOUND
              ? Reason.TLOG_ENTRY_NOT_FOUND
              : Reason.TLOG_ENTRY_INVALID,
          e.getMessage());
    }
    if (e instanceof TransportException t
        && t.reason() == TransportException.Reason.RESPONSE_TOO_LARGE) {
      return new VerificationException(CHECK, Reason.TLOG_ENTRY_INVALID, e.getMessage());
    }
    return new VerificationException(CHECK, Reason.LOG_UNREACHABLE, e.getMessage());
  }
}
