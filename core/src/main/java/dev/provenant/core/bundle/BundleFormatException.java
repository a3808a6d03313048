package dev.provenant.core.bundle;

/** A Sigstore bundle is malformed or of an unsupported version. */
public class BundleFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean unsupportedVersion;

  /**
   * @param message what is wrong, naming the JSON path
   * @param unsupportedVersion true when the document is well-formed but its media type/version is
   *     unknown
   */
  public BundleFormatException(String message, boolean unsupportedVersion) {
    super(message);
    this.unsupportedVersion = unsupportedVersion;
  }

  /**
   * @param message what is wrong, naming the JSON path
   */
  public BundleFormatException(String message) {
    this(message, false);
  }

  /** True when the bundle's media type names a version this code does not support. */
  public boolean unsupportedVersion() {
    return unsupportedVersion;
  }
}
