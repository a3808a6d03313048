package dev.provenant.verify.sigstore;

import dev.provenant.core.trustroot.TrustRootFormatException;
import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Loads trust roots: a trusted_root.json file, or the one embedded in the jar (the public-good
 * Sigstore instance's, from the {@code @sigstore/tuf} seed together with its TUF metadata so a
 * later {@code trust update} can refresh it).
 */
public final class TrustRoots {
  /** Resource folder of the embedded public-good trust material. */
  public static final String PUBLIC_GOOD = "/dev/provenant/verify/trust/public-good/";
  /** Resource folder of the embedded staging trust material. */
  public static final String STAGING = "/dev/provenant/verify/trust/staging/";

  private TrustRoots() {}

  /**
   * Reads and parses a trusted_root.json file.
   *
   * @throws VerificationException {@code TRUST_ROOT_MISSING} if unreadable, {@code
   *     TRUST_ROOT_MALFORMED} if it does not parse
   */
  public static TrustedRoot fromFile(Path file) throws VerificationException {
    byte[] json;
    try {
      json = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new VerificationException("trust-root", Reason.TRUST_ROOT_MISSING, "no such trusted root file: " + file);
    } catch (IOException e) {
      throw new VerificationException("trust-root", Reason.TRUST_ROOT_MISSING, "cannot read trusted root " + file + ": " + e.getMessage());
    }
    return parse(json, file.toString());
  }

  /**
   * The embedded trusted root ({@code staging} false: public good).
   *
   * @throws VerificationException {@code TRUST_ROOT_MISSING} when the jar carries none
   */
  public static TrustedRoot embedded(boolean staging) throws VerificationException {
    String res = (staging ? STAGING : PUBLIC_GOOD) + "trusted_root.json";
    try (InputStream in = TrustRoots.class.getResourceAsStream(res)) {
      if (in == null) {
        throw new VerificationException(
            "trust-root", Reason.TRUST_ROOT_MISSING, "no embedded " + (staging ? "staging" : "public-good") + " trusted root; pass --trusted-root");
      }
      return parse(in.readAllBytes(), "embedded " + res);
    } catch (IOException e) {
      throw new VerificationException("trust-root", Reason.TRUST_ROOT_MISSING, "cannot read embedded trusted root: " + e.getMessage());
    }
  }

  private static TrustedRoot parse(byte[] json, String what) throws VerificationException {
    try {
      return TrustedRoot.parse(json);
    } catch (TrustRootFormatException e) {
      throw new VerificationException("trust-root", Reason.TRUST_ROOT_MALFORMED, what + ": " + e.getMessage());
    }
  }
}
