package dev.provenant.verify.slsa;

import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.util.Objects;

/**
 * A builder identity {@code name[@version]}, e.g. {@code
 * https://github.com/slsa-framework/slsa-github-generator/.github/workflows/builder_go_slsa3.yml@refs/tags/v1.9.0}.
 * Matching follows slsa-verifier's TrustedBuilderID: a user may name a builder without a version,
 * or with the short version {@code v1.9.0} for the ref {@code refs/tags/v1.9.0}.
 *
 * @param name the builder URI without version
 * @param version the version or ref, "" when none
 */
public record BuilderId(String name, String version) {
  /** Validates. */
  public BuilderId {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
  }

  /**
   * Parses {@code name@version} (at most one {@code @}; the version, if the {@code @} is there,
   * must not be empty).
   *
   * @param needVersion whether a version is required
   * @throws VerificationException BUILDER_ID_MALFORMED if malformed
   */
  public static BuilderId parse(String check, String id, boolean needVersion)
      throws VerificationException {
    String[] parts = id.split("@", -1);
    if (parts.length == 2) {
      if (parts[1].isEmpty()) {
        throw new VerificationException(
            check, Reason.BUILDER_ID_MALFORMED, "empty version in builder id", "name@version", id);
      }
      return new BuilderId(parts[0], parts[1]);
    }
    if (parts.length == 1 && !needVersion) {
      return new BuilderId(parts[0], "");
    }
    throw new VerificationException(
        check,
        Reason.BUILDER_ID_MALFORMED,
        needVersion
            ? "builder id needs exactly one '@version'"
            : "builder id has more than one '@'",
        "name@version",
        id);
  }

  /**
   * Whether {@code other} names this builder: the names must be equal; if {@code other} has a
   * version it must equal ours (or, with {@code allowRef}, ours must be {@code refs/tags/<it>}).
   *
   * @throws VerificationException BUILDER_MISMATCH if not, BUILDER_ID_MALFORMED if malformed
   */
  public void matchesLoose(String check, String other, boolean allowRef)
      throws VerificationException {
    BuilderId o = parse(check, other, false);
    if (!o.name.equals(name)) {
      throw new VerificationException(
          check, Reason.BUILDER_MISMATCH, "builder name differs", o.name, name);
    }
    if (!o.version.isEmpty()
        && !o.version.equals(version)
        && !(allowRef && ("refs/tags/" + o.version).equals(version))) {
      throw new VerificationException(
          check, Reason.BUILDER_MISMATCH, "builder version differs", o.version, version);
    }
  }

  /**
   * Like {@link #matchesLoose} but the versions must always match (an empty version matches only an
   * empty one).
   */
  public void matchesFull(String check, String other, boolean allowRef)
      throws VerificationException {
    BuilderId o = parse(check, other, false);
    if (!o.name.equals(name)) {
      throw new VerificationException(
          check, Reason.BUILDER_MISMATCH, "builder name differs", o.name, name);
    }
    if (!o.version.equals(version) && !(allowRef && ("refs/tags/" + o.version).equals(version))) {
      throw new VerificationException(
          check, Reason.BUILDER_MISMATCH, "builder version differs", o.version, version);
    }
  }

  @Override
  public String toString() {
    return version.isEmpty() ? name : name + "@" + version;
  }
}
