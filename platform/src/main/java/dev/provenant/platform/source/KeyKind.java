package dev.provenant.platform.source;

/** The kind of a maintainer's public key, which is also the kind of tag signature it can make. */
public enum KeyKind {
  /**
   * An OpenSSH public key; tags signed with {@code git -c gpg.format=ssh} (an SSHSIG, namespace
   * "git").
   */
  SSH,
  /** An OpenPGP transferable public key; tags signed with {@code git tag -s} through gpg. */
  OPENPGP
}
