package dev.provenant.verify.slsa;

/**
 * A builders file that cannot be used: not JSON, a missing or mistyped field, an identity regexp
 * that does not compile, an unknown build type, or an id given twice. Says where ({@link #path()},
 * e.g. {@code builders[0].oidcIssuer}) and what was expected and found.
 */
public final class BuildersFileException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final String expected;
  private final String actual;

  /**
   * @param path where in the file, e.g. {@code builders[1].id}
   * @param expected what the format requires there
   * @param actual what the file holds
   */
  public BuildersFileException(String path, String expected, String actual) {
    super(path + ": expected " + expected + ", got " + actual);
    this.path = path;
    this.expected = expected;
    this.actual = actual;
  }

  /** Where in the file. */
  public String path() {
    return path;
  }

  /** What the format requires there. */
  public String expected() {
    return expected;
  }

  /** What the file holds. */
  public String actual() {
    return actual;
  }
}
