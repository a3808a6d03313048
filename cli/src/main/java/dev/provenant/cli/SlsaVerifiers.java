package dev.provenant.cli;

import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.sigstore.TrustRoots;
import dev.provenant.verify.slsa.BuildersFile;
import dev.provenant.verify.slsa.BuildersFileException;
import dev.provenant.verify.slsa.SigstoreEvidences;
import dev.provenant.verify.slsa.SlsaVerifier;
import dev.provenant.verify.slsa.TrustedBuilders;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the SLSA verifier from the command's trust options. */
final class SlsaVerifiers {
  private SlsaVerifiers() {}

  /**
   * The embedded root parsed once per process (in-process callers such as tests run many commands).
   */
  private static volatile SigstoreEvidences embedded;

  static TrustedRoot trustedRoot(Path file) throws VerificationException {
    return file == null ? TrustRoots.embedded(false) : TrustRoots.fromFile(file);
  }

  /** The Sigstore checks for a trusted-root file, or the embedded root when null. */
  static SigstoreEvidences evidence(Path trustedRoot) throws VerificationException {
    if (trustedRoot != null) {
      return SigstoreEvidences.create(TrustRoots.fromFile(trustedRoot));
    }
    SigstoreEvidences e = embedded;
    if (e == null) {
      e = SigstoreEvidences.create(TrustRoots.embedded(false));
      embedded = e;
    }
    return e;
  }

  /**
   * @param rekorUrl the log to search for classic provenance, or null for none (offline)
   */
  static SlsaVerifier create(Path trustedRoot, URI rekorUrl) throws VerificationException {
    return create(trustedRoot, rekorUrl, TrustedBuilders.builtIn());
  }

  /** As above, trusting {@code builders} besides GitHub's. */
  static SlsaVerifier create(Path trustedRoot, URI rekorUrl, TrustedBuilders builders)
      throws VerificationException {
    return SlsaVerifier.create(
        evidence(trustedRoot),
        rekorUrl == null ? null : RekorTlogLookup.create(rekorUrl),
        builders);
  }

  /**
   * GitHub's builders plus those of a builders file ({@code --builders}), or GitHub's alone when
   * null.
   *
   * @throws VerificationException INPUT_UNREADABLE if the file cannot be read, INPUT_MALFORMED if
   *     it is not a builders file
   */
  static TrustedBuilders builders(Path file) throws VerificationException {
    if (file == null) {
      return TrustedBuilders.builtIn();
    }
    byte[] json;
    try {
      json = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new VerificationException(
          "builders.file", Reason.INPUT_UNREADABLE, "cannot read builders file " + file + ": " + e);
    }
    try {
      return TrustedBuilders.withConfigured(BuildersFile.parse(json));
    } catch (BuildersFileException e) {
      throw new VerificationException(
          "builders.file",
          Reason.INPUT_MALFORMED,
          "builders file " + file + " at " + e.path(),
          e.expected(),
          e.actual());
    }
  }
}
