package dev.provenant.core.trustroot;

/**
 * A signing config names no service of a kind that a client can use now (none valid at the time,
 * none with a supported API version, or fewer operators than an {@code EXACT} selector asks).
 */
public final class ServiceSelectionException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String kind;

  /**
   * @param kind the service list, e.g. {@code rekorTlogUrls}
   * @param detail expected and actual
   */
  public ServiceSelectionException(String kind, String detail) {
    super("signingConfig." + kind + ": " + detail);
    this.kind = kind;
  }

  /** The service list that could not be satisfied, e.g. {@code caUrls}. */
  public String kind() {
    return kind;
  }
}
