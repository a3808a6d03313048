package dev.provenant.platform.source;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A project of the platform: one source repository, its maintainers and its push credential.
 *
 * @param name the project's name, {@code [a-z0-9][a-z0-9._-]{0,62}}; also the repository's URL path
 * @param id a stable random id (the Fulcio source repository identifier)
 * @param maintainers the allow-list of keys whose tag signatures start releases
 * @param pushCredentialSha256 hex sha256 of the push token (the token itself is never stored)
 * @param watchedRemote for code hosted elsewhere, the http(s) URL polled for new tags; null for a
 *     repository hosted by the platform
 * @param imageRepository the OCI repository ({@code REGISTRY/REPO}) the platform pushes the
 *     project's released images to, set by the admin (never by a build); null when the project
 *     releases no image
 */
public record Project(
    String name,
    String id,
    List<MaintainerKey> maintainers,
    String pushCredentialSha256,
    String watchedRemote,
    String imageRepository) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

  public Project {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(id, "id");
    maintainers = List.copyOf(maintainers);
    Objects.requireNonNull(pushCredentialSha256, "pushCredentialSha256");
    if (!isValidName(name)) {
      throw new IllegalArgumentException("invalid project name '" + name + "'");
    }
  }

  /** A project without an image repository. */
  public Project(
      String name,
      String id,
      List<MaintainerKey> maintainers,
      String pushCredentialSha256,
      String watchedRemote) {
    this(name, id, maintainers, pushCredentialSha256, watchedRemote, null);
  }

  /** Whether {@code name} is a valid project name (also rules out "." and ".." path tricks). */
  public static boolean isValidName(String name) {
    return name != null
        && NAME.matcher(name).matches()
        && !name.endsWith(".git")
        && !name.contains("..");
  }

  /** The watched remote URL, for projects whose code is hosted elsewhere. */
  public Optional<URI> watched() {
    return Optional.ofNullable(watchedRemote).map(URI::create);
  }

  Project withMaintainers(List<MaintainerKey> keys) {
    return new Project(name, id, keys, pushCredentialSha256, watchedRemote, imageRepository);
  }

  Project withPushCredentialSha256(String hash) {
    return new Project(name, id, maintainers, hash, watchedRemote, imageRepository);
  }
}
