package dev.provenant.ca.ct;

import dev.provenant.ca.cert.Signer;
import dev.provenant.core.ct.CtStructs;
import dev.provenant.core.ct.SignedCertificateTimestamp;
import dev.provenant.core.digest.Sha256;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Objects;

/**
 * The CA's certificate transparency log: records precertificate entries as RFC 6962 Merkle tree
 * leaves in a {@link LeafStore} and returns an SCT, the log's signed promise of inclusion. Not an
 * RFC 6962 HTTP front end: the CA is its only submitter.
 */
public final class CtLog {
  private static final byte[] NO_EXTENSIONS = new byte[0];

  private final Signer signer;
  private final LeafStore store;
  private final Clock clock;
  private final byte[] logId;

  /**
   * @param signer the log's key (ECDSA P-256, SHA-256)
   * @param store where leaves go
   * @param clock the SCT time source
   */
  public CtLog(Signer signer, LeafStore store, Clock clock) {
    this.signer = Objects.requireNonNull(signer);
    this.store = Objects.requireNonNull(store);
    this.clock = Objects.requireNonNull(clock);
    this.logId = logIdOf(signer.publicKey());
  }

  /** RFC 6962 §3.2: "LogID is the SHA-256 hash of the log's public key" (its DER SPKI). */
  public static byte[] logIdOf(PublicKey key) {
    return Sha256.hash(key.getEncoded());
  }

  /** This log's id. */
  public byte[] logId() {
    return logId.clone();
  }

  /** The log's public key, for {@code trusted_root.json} {@code ctlogs}. */
  public PublicKey publicKey() {
    return signer.publicKey();
  }

  /**
   * Logs a precertificate entry and signs its SCT.
   *
   * @param issuerKey the issuing CA's public key (its SHA-256 is {@code issuer_key_hash})
   * @param tbs the precertificate's TBSCertificate without the poison extension
   * @throws IOException if the leaf cannot be stored
   * @throws GeneralSecurityException if the log key cannot sign
   */
  public Entry addPrecertificateEntry(PublicKey issuerKey, byte[] tbs)
      throws IOException, GeneralSecurityException {
    long ts = clock.millis();
    byte[] issuerKeyHash = Sha256.hash(issuerKey.getEncoded());
    // Sign first: an SCT is only handed out for a leaf that is durably stored, and a signer
    // failure must not leave an orphan leaf either way; storing last keeps both rules simple.
    byte[] sig =
        signer.sign(CtStructs.precertSignatureInput(ts, issuerKeyHash, tbs, NO_EXTENSIONS));
    long index =
        store.append(CtStructs.precertMerkleTreeLeaf(ts, issuerKeyHash, tbs, NO_EXTENSIONS));
    return new Entry(
        new SignedCertificateTimestamp(
            logId, ts, NO_EXTENSIONS, CtStructs.HASH_SHA256, CtStructs.SIG_ECDSA, sig),
        index);
  }

  /**
   * A logged precertificate entry.
   *
   * @param sct the signed promise of inclusion
   * @param index the leaf index in the log
   */
  public record Entry(SignedCertificateTimestamp sct, long index) {}
}
