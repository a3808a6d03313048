package dev.provenant.cli;

import dev.provenant.verify.sigstore.CryptoWarmUp;

/** Start-up help shared by the verification commands, which run once per process. */
final class OneShot {
  private OneShot() {}

  /**
   * Starts warming the certificate and ECDSA code on the second core while the command reads its
   * inputs (bench/cold-start); {@code -Dprovenant.overlap=false} turns it off for measuring.
   */
  static void warmUpCrypto() {
    if (!"false".equals(System.getProperty("provenant.overlap"))) {
      CryptoWarmUp.start();
    }
  }
}
