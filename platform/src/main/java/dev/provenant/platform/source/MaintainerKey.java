package dev.provenant.platform.source;

import java.util.Objects;

/**
 * One entry of a project's maintainer allow-list: a public key and the fingerprint the platform
 * computed from it (never one supplied by the user).
 *
 * <p>Fingerprints: SSH keys use OpenSSH's form {@code SHA256:<unpadded base64 of sha256(key blob)>}
 * (what {@code ssh-keygen -lf} prints); OpenPGP keys use the primary key's fingerprint in
 * upper-case hex (what {@code gpg --fingerprint} prints without spaces).
 *
 * @param kind SSH or OpenPGP
 * @param fingerprint the fingerprint computed from {@code publicKey}
 * @param publicKey the public key text as given (an {@code authorized_keys} line, or an
 *     ASCII-armored OpenPGP public key block)
 */
public record MaintainerKey(KeyKind kind, String fingerprint, String publicKey) {

  public MaintainerKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(publicKey, "publicKey");
  }

  /**
   * Parses a public key and computes its fingerprint.
   *
   * @param kind what {@code publicKeyText} is
   * @param publicKeyText an {@code authorized_keys}-style SSH line, or an armored OpenPGP key block
   * @return the allow-list entry
   * @throws ProjectStoreException with reason BAD_KEY if the text is not one public key of that
   *     kind
   */
  public static MaintainerKey parse(KeyKind kind, String publicKeyText)
      throws ProjectStoreException {
    Objects.requireNonNull(publicKeyText, "publicKeyText");
    try {
      String fingerprint =
          switch (kind) {
            case SSH -> SshSignatures.fingerprint(SshSignatures.publicKeyBlob(publicKeyText));
            case OPENPGP ->
                OpenPgpSignatures.fingerprint(OpenPgpSignatures.readKeyRing(publicKeyText));
          };
      return new MaintainerKey(kind, fingerprint, publicKeyText.strip() + "\n");
    } catch (SignatureFormatException e) {
      throw new ProjectStoreException(
          ProjectStoreException.Reason.BAD_KEY,
          "not one " + kind + " public key: " + e.getMessage());
    }
  }
}
