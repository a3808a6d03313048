package dev.provenant.core.bundle;

import dev.provenant.core.encoding.Hex;
import java.util.Arrays;
import java.util.Objects;

/**
 * A signature over an artifact's bytes plus the artifact's digest as the signer stated it (bundle
 * {@code messageSignature}).
 *
 * @param digestAlgorithm algorithm of {@code digest}
 * @param digest the artifact digest the bundle states (unverified until compared)
 * @param signature the raw signature bytes (ASN.1 DER for ECDSA)
 */
public record MessageSignature(HashAlgorithm digestAlgorithm, byte[] digest, byte[] signature) {
  /** Validates and copies. */
  public MessageSignature {
    Objects.requireNonNull(digestAlgorithm, "digestAlgorithm");
    digest = digest.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] digest() {
    return digest.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageSignature m
        && digestAlgorithm == m.digestAlgorithm
        && Arrays.equals(digest, m.digest)
        && Arrays.equals(signature, m.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(digestAlgorithm, Arrays.hashCode(digest), Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return "MessageSignature[" + digestAlgorithm + ":" + Hex.encode(digest) + "]";
  }
}
