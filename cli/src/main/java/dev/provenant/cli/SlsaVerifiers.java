package dev.provenant.cli;

import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.sigstore.TrustRoots;
import dev.provenant.verify.slsa.SigstoreEvidences;
import dev.provenant.verify.slsa.SlsaVerifier;
import dev.provenant.verify.slsa.rekor.RekorSearch;
import java.net.URI;
import java.nio.file.Path;

/** Builds the SLSA verifier from the command's trust options. */
final class SlsaVerifiers {
  private SlsaVerifiers() {}

  static TrustedRoot trustedRoot(Path file) throws VerificationException {
    return file == null ? TrustRoots.embedded(false) : TrustRoots.fromFile(file);
  }

  /** @param rekorUrl the log to search for classic provenance, or null for none (offline) */
  static SlsaVerifier create(Path trustedRoot, URI rekorUrl) throws VerificationException {
    return SlsaVerifier.create(SigstoreEvidences.create(trustedRoot(trustedRoot)),
        rekorUrl == null ? null : RekorSearch.create(rekorUrl));
  }
}
