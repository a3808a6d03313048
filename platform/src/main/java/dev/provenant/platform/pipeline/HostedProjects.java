package dev.provenant.platform.pipeline;

import dev.provenant.core.pem.Armor;
import dev.provenant.platform.source.GitHosting;
import dev.provenant.platform.source.KeyKind;
import dev.provenant.platform.source.MaintainerKey;
import dev.provenant.platform.source.Project;
import dev.provenant.platform.source.ProjectStore;
import dev.provenant.platform.source.ProjectStoreException;
import dev.provenant.platform.web.ApiError;
import dev.provenant.platform.web.ProjectDirectory;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The API's view of the project store: projects with their source URI, push URL and keys. */
public final class HostedProjects implements ProjectDirectory {
  private final ProjectStore store;
  private final GitHosting hosting;
  private final String web;

  public HostedProjects(ProjectStore store, GitHosting hosting, String web) {
    this.store = store;
    this.hosting = hosting;
    this.web = web;
  }

  /** The kind of a maintainer key file: an armored OpenPGP block, else an OpenSSH key line. */
  static KeyKind kindOf(String keyText) {
    return keyText.contains(Armor.begin(Armor.PGP_PUBLIC_KEY_BLOCK))
        ? KeyKind.OPENPGP
        : KeyKind.SSH;
  }

  /** What consumers pass as {@code --source-uri}: the repository URL without its scheme. */
  public static String sourceUri(String repositoryUrl) {
    URI u = URI.create(repositoryUrl);
    return u.getRawAuthority() + u.getRawPath();
  }

  @Override
  public Created add(String name, List<String> maintainerKeys, String watchedRemote)
      throws ApiError, IOException {
    return add(name, maintainerKeys, watchedRemote, null);
  }

  @Override
  public Created add(
      String name, List<String> maintainerKeys, String watchedRemote, String imageRepository)
      throws ApiError, IOException {
    if (maintainerKeys.isEmpty()) {
      throw ApiError.badRequest("a project needs at least one maintainer key");
    }
    // Parse every key before creating anything: a bad key leaves no half-made project behind.
    for (String k : maintainerKeys) {
      try {
        MaintainerKey.parse(kindOf(k), k);
      } catch (ProjectStoreException e) {
        throw api(e);
      }
    }
    try {
      ProjectStore.Created c = store.create(name, watchedRemote, imageRepository);
      for (String k : maintainerKeys) {
        store.addMaintainer(name, kindOf(k), k);
      }
      if (watchedRemote == null) {
        hosting.openRepository(store.get(name)).close();
      }
      URI repo = URI.create(GitHosting.repositoryUrl(web, name));
      String pushUrl =
          repo.getScheme()
              + "://push:"
              + c.pushToken()
              + "@"
              + repo.getRawAuthority()
              + repo.getRawPath();
      return new Created(view(store.get(name)), watchedRemote == null ? pushUrl : null);
    } catch (ProjectStoreException e) {
      throw api(e);
    }
  }

  @Override
  public Optional<ProjectDirectory.ProjectInfo> find(String name) throws IOException {
    try {
      Optional<Project> p = store.find(name);
      return p.isEmpty() ? Optional.empty() : Optional.of(view(p.get()));
    } catch (ProjectStoreException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public List<ProjectDirectory.ProjectInfo> list() throws IOException {
    try {
      List<ProjectDirectory.ProjectInfo> out = new ArrayList<>();
      for (Project p : store.list()) {
        out.add(view(p));
      }
      return out;
    } catch (ProjectStoreException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public ProjectDirectory.ProjectInfo addMaintainer(String name, String key)
      throws ApiError, IOException {
    try {
      store.addMaintainer(name, kindOf(key), key);
      return view(store.get(name));
    } catch (ProjectStoreException e) {
      throw api(e);
    }
  }

  @Override
  public ProjectDirectory.ProjectInfo removeMaintainer(String name, String fingerprint)
      throws ApiError, IOException {
    try {
      store.removeMaintainer(name, fingerprint);
      return view(store.get(name));
    } catch (ProjectStoreException e) {
      throw api(e);
    }
  }

  private ProjectDirectory.ProjectInfo view(Project p) {
    List<MaintainerInfo> ms = new ArrayList<>();
    for (MaintainerKey k : p.maintainers()) {
      ms.add(new MaintainerInfo(k.kind() == KeyKind.SSH ? "ssh" : "openpgp", k.fingerprint()));
    }
    return new ProjectDirectory.ProjectInfo(
        p.name(),
        p.id(),
        sourceUri(GitHosting.repositoryUrl(web, p.name())),
        ms,
        p.watchedRemote(),
        p.imageRepository());
  }

  private static ApiError api(ProjectStoreException e) throws IOException {
    return switch (e.reason()) {
      case NOT_FOUND -> ApiError.notFound(e.getMessage());
      case ALREADY_EXISTS, MAINTAINER_CONFLICT ->
          new ApiError(409, e.reason().name(), e.getMessage());
      case IO -> throw new IOException(e.getMessage(), e);
      default -> new ApiError(400, e.reason().name(), e.getMessage());
    };
  }
}
