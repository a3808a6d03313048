package dev.provenant.platform.web;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Projects as the API shows and changes them; the platform implements it over its project store.
 */
public interface ProjectDirectory {

  /**
   * A maintainer key as shown: its kind ({@code ssh} or {@code openpgp}) and verified fingerprint.
   */
  record MaintainerInfo(String kind, String fingerprint) {}

  /**
   * @param sourceUri what consumers pass as {@code --source-uri} (the repository URL without its
   *     scheme)
   * @param imageRepository where the platform pushes the project's images ({@code REGISTRY/REPO}),
   *     or null
   */
  record ProjectInfo(
      String name,
      String id,
      String sourceUri,
      List<MaintainerInfo> maintainers,
      String watchedRemote,
      String imageRepository) {
    public ProjectInfo {
      maintainers = List.copyOf(maintainers);
    }

    /** A project without an image repository. */
    public ProjectInfo(
        String name,
        String id,
        String sourceUri,
        List<MaintainerInfo> maintainers,
        String watchedRemote) {
      this(name, id, sourceUri, maintainers, watchedRemote, null);
    }
  }

  /** A new project and the URL (with its push credential) that maintainers push tags to. */
  record Created(ProjectInfo project, String pushUrl) {}

  Created add(String name, List<String> maintainerKeys, String watchedRemote)
      throws ApiError, IOException;

  /**
   * As {@link #add(String, List, String)}, releasing the project's images to {@code
   * imageRepository} ({@code REGISTRY/REPO}) when not null.
   */
  default Created add(
      String name, List<String> maintainerKeys, String watchedRemote, String imageRepository)
      throws ApiError, IOException {
    if (imageRepository != null) {
      throw ApiError.badRequest("this platform does not release images");
    }
    return add(name, maintainerKeys, watchedRemote);
  }

  Optional<ProjectInfo> find(String name) throws IOException;

  List<ProjectInfo> list() throws IOException;

  ProjectInfo addMaintainer(String name, String key) throws ApiError, IOException;

  ProjectInfo removeMaintainer(String name, String fingerprint) throws ApiError, IOException;
}
