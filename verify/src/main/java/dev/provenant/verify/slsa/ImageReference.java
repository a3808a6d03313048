package dev.provenant.verify.slsa;

import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.util.regex.Pattern;

/**
 * An immutable container image reference {@code [registry/]repository@sha256:<hex>}. Verifying
 * provenance for a tag would verify whatever the tag points to at that moment, so, as in
 * slsa-verifier, only digest references are accepted.
 *
 * @param repository everything before {@code @} (may include a tag)
 * @param digestHex the 64 lowercase hex digits of the sha256 digest
 */
public record ImageReference(String repository, String digestHex) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern REPO =
      Pattern.compile(
          "[a-zA-Z0-9][a-zA-Z0-9._-]*(:[0-9]+)?(/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?");

  /**
   * Parses a reference.
   *
   * @throws VerificationException IMAGE_REFERENCE_MUTABLE without a digest, INPUT_MALFORMED if it
   *     does not parse
   */
  public static ImageReference parse(String ref) throws VerificationException {
    String check = "image.reference";
    int at = ref.indexOf('@');
    String repo = at < 0 ? ref : ref.substring(0, at);
    if (repo.isEmpty() || !REPO.matcher(repo).matches()) {
      throw new VerificationException(
          check,
          Reason.INPUT_MALFORMED,
          "not an image reference",
          "[registry/]repo[:tag]@sha256:<hex>",
          ref);
    }
    if (at < 0) {
      throw new VerificationException(
          check,
          Reason.IMAGE_REFERENCE_MUTABLE,
          "the image reference is mutable: give it by digest",
          repo + "@sha256:<hex>",
          ref);
    }
    String digest = ref.substring(at + 1);
    if (!digest.startsWith("sha256:") || !HEX64.matcher(digest.substring(7)).matches()) {
      throw new VerificationException(
          check, Reason.INPUT_MALFORMED, "not a sha256 digest", "sha256:<64 hex>", digest);
    }
    return new ImageReference(repo, digest.substring(7));
  }
}
