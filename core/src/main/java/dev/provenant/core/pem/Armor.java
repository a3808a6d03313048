package dev.provenant.core.pem;

/**
 * The armor boundaries of the text formats that share PEM's {@code -----BEGIN LABEL-----} shape but
 * are not RFC 7468 PEM: git's tag signatures (SSHSIG, OpenPGP ASCII armor, RFC 4880 §6.2) and
 * OpenPGP public keys. One home beside {@link Pem}, so no other module spells a boundary.
 */
public final class Armor {
  /**
   * An SSHSIG signature as {@code ssh-keygen -Y sign} and {@code git tag -s} (gpg.format=ssh) write
   * it.
   */
  public static final String SSH_SIGNATURE = "SSH SIGNATURE";

  /** An OpenPGP detached signature as gpg writes it for {@code git tag -s}. */
  public static final String PGP_SIGNATURE = "PGP SIGNATURE";

  /** An OpenPGP cleartext-signed message (git never writes it; the tag gate refuses it). */
  public static final String SIGNED_MESSAGE = "SIGNED MESSAGE";

  /** An OpenPGP transferable public key, as {@code gpg --armor --export} writes it. */
  public static final String PGP_PUBLIC_KEY_BLOCK = "PGP PUBLIC KEY BLOCK";

  private Armor() {}

  /** {@code -----BEGIN LABEL-----}. */
  public static String begin(String label) {
    return "-----BEGIN " + label + "-----";
  }

  /** {@code -----END LABEL-----}. */
  public static String end(String label) {
    return "-----END " + label + "-----";
  }
}
