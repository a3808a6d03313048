package dev.provenant.platform.web;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Projects as the API shows and changes them; the platform implements it over its project store. */
public interface ProjectDirectory {

  /** A maintainer key as shown: its kind ({@code ssh} or {@code openpgp}) and verified fingerprint. */
  record Maintainer(String kind, String fingerprint) {}

  /**
   * @param sourceUri what consumers pass as {@code --source-uri} (the repository URL without its
   *     scheme)
   */
  record Project(String name, String id, String sourceUri, List<Maintainer> maintainers, String watchedRemote) {
    public Project {
      maintainers = List.copyOf(maintainers);
    }
  }

  /** A new project and the URL (with its push credential) that maintainers push tags to. */
  record Created(Project project, String pushUrl) {}

  Created add(String name, List<String> maintainerKeys, String watchedRemote) throws ApiError, IOException;

  Optional<Project> find(String name) throws IOException;

  List<Project> list() throws IOException;

  Project addMaintainer(String name, String key) throws ApiError, IOException;

  Project removeMaintainer(String name, String fingerprint) throws ApiError, IOException;
}
