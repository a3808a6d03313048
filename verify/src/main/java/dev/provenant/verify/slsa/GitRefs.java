package dev.provenant.verify.slsa;

import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;

/** Git URI and ref helpers with slsa-verifier's rules ({@code verifiers/utils/git.go}). */
public final class GitRefs {
  private GitRefs() {}

  /** A git URI split at its first {@code @}: the URI and the ref ("" when none). */
  public record UriAndRef(String uri, String ref) {}

  /**
   * Adds the {@code git+https://} prefix slsa-verifier compares against: {@code github.com/o/r}
   * becomes {@code git+https://github.com/o/r}, {@code https://...} becomes {@code
   * git+https://...}.
   */
  public static String normalizeGitUri(String s) {
    if (s.startsWith("git+")) {
      return s;
    }
    return s.contains("://") ? "git+" + s : "git+https://" + s;
  }

  /**
   * Splits {@code git+https://github.com/o/r@refs/tags/v1} into URI and ref.
   *
   * @throws VerificationException SOURCE_URI_MALFORMED if empty or not a {@code git+} URI
   */
  public static UriAndRef parseGitUriAndRef(String check, String uri) throws VerificationException {
    if (uri.isEmpty()) {
      throw new VerificationException(check, Reason.SOURCE_URI_MALFORMED, "empty URI");
    }
    if (!uri.startsWith("git+")) {
      throw new VerificationException(
          check, Reason.SOURCE_URI_MALFORMED, "not a git URI", "git+...", uri);
    }
    int at = uri.indexOf('@');
    return at < 0
        ? new UriAndRef(uri, "")
        : new UriAndRef(uri.substring(0, at), uri.substring(at + 1));
  }

  /** The type ({@code heads}, {@code tags}, ... or "") and name of a ref. */
  public record Ref(String type, String name) {}

  /** Splits {@code refs/<type>/<name>}; anything else has type "" and the whole ref as name. */
  public static Ref parseGitRef(String ref) {
    String[] parts = ref.split("/", 3);
    if (parts.length < 3 || !parts[0].equals("refs")) {
      return new Ref("", ref);
    }
    return new Ref(parts[1], parts[2]);
  }

  /**
   * The name of a ref of the given type.
   *
   * @throws VerificationException REF_INVALID if the ref has another type or an empty name
   */
  public static String validateGitRef(String check, String refType, String ref)
      throws VerificationException {
    Ref r = parseGitRef(ref);
    if (!r.type().equals(refType)) {
      throw new VerificationException(
          check,
          Reason.REF_INVALID,
          "unexpected ref type for \"" + ref + "\"",
          "refs/" + refType + "/...",
          ref);
    }
    if (r.name().isEmpty()) {
      throw new VerificationException(
          check, Reason.REF_INVALID, "empty ref name in \"" + ref + "\"");
    }
    return r.name();
  }

  /** The tag name of {@code refs/tags/<name>}. */
  public static String tagFromGitRef(String check, String ref) throws VerificationException {
    return validateGitRef(check, "tags", ref);
  }

  /** The branch name of {@code refs/heads/<name>}. */
  public static String branchFromGitRef(String check, String ref) throws VerificationException {
    return validateGitRef(check, "heads", ref);
  }
}
