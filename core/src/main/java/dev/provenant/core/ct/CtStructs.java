package dev.provenant.core.ct;

import java.io.ByteArrayOutputStream;

/**
 * The RFC 6962 TLS structures a CT log signs or hashes, written in one place for the CA's log
 * (which signs them) and the verifier (which checks SCTs over them).
 */
public final class CtStructs {
  /** RFC 5246 §7.4.1.4.1 HashAlgorithm sha256. */
  public static final int HASH_SHA256 = 4;

  /** RFC 5246 §7.4.1.4.1 SignatureAlgorithm rsa. */
  public static final int SIG_RSA = 1;

  /** RFC 5246 §7.4.1.4.1 SignatureAlgorithm ecdsa. */
  public static final int SIG_ECDSA = 3;

  private CtStructs() {}

  /**
   * RFC 6962 §3.2 digitally-signed input of an SCT for a precert entry: "Version sct_version;
   * SignatureType signature_type = certificate_timestamp; uint64 timestamp; LogEntryType entry_type
   * = precert_entry; PreCert signed_entry; CtExtensions extensions;".
   *
   * @param issuerKeyHash SHA-256 of the issuing CA's DER SubjectPublicKeyInfo (32 bytes)
   * @param tbs the precertificate's TBSCertificate without poison and SCT list extensions
   * @param extensions the CtExtensions bytes (empty for RFC 6962 logs)
   */
  public static byte[] precertSignatureInput(
      long timestamp, byte[] issuerKeyHash, byte[] tbs, byte[] extensions) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(tbs.length + extensions.length + 64);
    out.write(0); // sct_version v1
    out.write(0); // signature_type certificate_timestamp
    precertEntry(out, timestamp, issuerKeyHash, tbs, extensions);
    return out.toByteArray();
  }

  /**
   * RFC 6962 §3.4 {@code MerkleTreeLeaf} for a precert entry: version v1, leaf_type
   * timestamped_entry, then the TimestampedEntry.
   */
  public static byte[] precertMerkleTreeLeaf(
      long timestamp, byte[] issuerKeyHash, byte[] tbs, byte[] extensions) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(tbs.length + extensions.length + 64);
    out.write(0); // version v1
    out.write(0); // leaf_type timestamped_entry
    precertEntry(out, timestamp, issuerKeyHash, tbs, extensions);
    return out.toByteArray();
  }

  private static void precertEntry(
      ByteArrayOutputStream out,
      long timestamp,
      byte[] issuerKeyHash,
      byte[] tbs,
      byte[] extensions) {
    if (issuerKeyHash.length != 32) {
      throw new IllegalArgumentException(
          "issuer_key_hash must be 32 bytes, got " + issuerKeyHash.length);
    }
    Tls.u64(out, timestamp);
    Tls.u16(out, 1); // entry_type precert_entry
    out.writeBytes(issuerKeyHash);
    Tls.u24(out, tbs.length);
    out.writeBytes(tbs);
    Tls.u16(out, extensions.length);
    out.writeBytes(extensions);
  }

  /**
   * RFC 6962 §3.5 TreeHeadSignature input: version v1, signature_type tree_hash, timestamp,
   * tree_size, sha256_root_hash.
   */
  public static byte[] treeHeadSignatureInput(long timestamp, long size, byte[] root) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(50);
    out.write(0); // v1
    out.write(1); // tree_hash
    Tls.u64(out, timestamp);
    Tls.u64(out, size);
    out.writeBytes(root);
    return out.toByteArray();
  }

  /**
   * RFC 5246 §4.7 {@code digitally-signed} struct: hash and signature algorithm codes, then the
   * signature.
   */
  public static byte[] digitallySigned(
      int hashAlgorithm, int signatureAlgorithm, byte[] signature) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(signature.length + 4);
    out.write(hashAlgorithm);
    out.write(signatureAlgorithm);
    Tls.u16(out, signature.length);
    out.writeBytes(signature);
    return out.toByteArray();
  }
}
