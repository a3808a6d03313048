package dev.provenant.oci;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference, {@code [registry/]repository[:tag][@sha256:hex]}, normalised the way the
 * docker CLI, crane and skopeo do it: a first component with a dot, a colon or {@code localhost}
 * names the registry, otherwise the registry is Docker Hub and a one-component name gets the {@code
 * library/} prefix; no tag and no digest means {@code :latest}.
 *
 * <p>SPEC: https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests
 * "{@code <name>} MUST match the following regular expression: {@code
 * [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*}" and a tag "MUST be at
 * most 128 characters in length and MUST match {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}".
 *
 * @param registry the registry host[:port] as written ({@code docker.io} for Docker Hub)
 * @param repository the repository name inside the registry
 * @param tag the tag, or null when the reference has only a digest
 * @param digest {@code sha256:<hex>}, or null
 */
public record Reference(String registry, String repository, String tag, String digest) {
  static final Pattern NAME =
      Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");
  static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");
  static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  static final Pattern REGISTRY =
      Pattern.compile("[a-zA-Z0-9.-]+(:[0-9]{1,5})?|\\[[0-9a-fA-F:]+\\](:[0-9]{1,5})?");

  /** Validates. */
  public Reference {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    if (!REGISTRY.matcher(registry).matches()) {
      throw new IllegalArgumentException("registry: expected host[:port], got " + registry);
    }
    if (!NAME.matcher(repository).matches()) {
      throw new IllegalArgumentException(
          "repository: expected a lower-case OCI name, got " + repository);
    }
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException(
          "tag: expected [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}, got " + tag);
    }
    if (digest != null && !DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException("digest: expected sha256:<64 hex>, got " + digest);
    }
    if (tag == null && digest == null) {
      throw new IllegalArgumentException("a reference needs a tag or a digest");
    }
  }

  /**
   * Parses a reference.
   *
   * @throws IllegalArgumentException if it is not an image reference
   */
  public static Reference parse(String ref) {
    Objects.requireNonNull(ref, "ref");
    String rest = ref;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String registry = "docker.io";
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".")
          || first.contains(":")
          || first.equals("localhost")
          || first.startsWith("[")) {
        registry = first;
        rest = rest.substring(slash + 1);
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    if (registry.equals("docker.io") && !rest.contains("/")) {
      rest = "library/" + rest;
    }
    if (tag == null && digest == null) {
      tag = "latest";
    }
    return new Reference(registry, rest, tag, digest);
  }

  /**
   * Whether {@code s} reads as an image reference (it may still name a file: the caller decides).
   */
  public static boolean looksLikeReference(String s) {
    try {
      parse(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The tag or digest the manifest endpoint takes: the digest when there is one. */
  public String manifestReference() {
    return digest != null ? digest : tag;
  }

  /** The digest, when the reference pins one. */
  public Optional<String> pinnedDigest() {
    return Optional.ofNullable(digest);
  }

  /** This repository at {@code digest} (no tag). */
  public Reference withDigest(String newDigest) {
    return new Reference(registry, repository, null, newDigest);
  }

  /** This repository at {@code newTag} (no digest). */
  public Reference withTag(String newTag) {
    return new Reference(registry, repository, newTag, null);
  }

  /** The host that serves the API: Docker Hub's API lives at {@code registry-1.docker.io}. */
  public String apiHost() {
    return registry.equals("docker.io") || registry.equals("index.docker.io")
        ? "registry-1.docker.io"
        : registry;
  }

  @Override
  public String toString() {
    return registry
        + "/"
        + repository
        + (tag != null ? ":" + tag : "")
        + (digest != null ? "@" + digest : "");
  }
}
