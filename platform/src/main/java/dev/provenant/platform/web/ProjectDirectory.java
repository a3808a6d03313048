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
   */
  record ProjectInfo(
      String name,
      String id,
      String sourceUri,
      List<MaintainerInfo> maintainers,
      String watchedRemote) {
    public ProjectInfo {
      maintainers = List.copyOf(maintainers);
    }
  }

  /** A new project and the URL (with its push credential) that maintainers push tags to. */
  record Created(ProjectInfo project, String pushUrl) {}

  Created add(String name, List<String> maintainerKeys, String watchedRemote)
      throws ApiError, IOException;

  Optional<ProjectInfo> find(String name) throws IOException;

  List<ProjectInfo> list() throws IOException;

  ProjectInfo addMaintainer(String name, String key) throws ApiError, IOException;

  ProjectInfo removeMaintainer(String name, String fingerprint) throws ApiError, IOException;
}
