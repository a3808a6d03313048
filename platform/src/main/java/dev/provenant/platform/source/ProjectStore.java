package dev.provenant.platform.source;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Projects persisted as one JSON file each under {@code DATA/projects/NAME.json}, written
 * atomically (temporary file, fsync, rename) so a crash leaves the old or the new version, never
 * half of one. Thread-safe within one process; one process owns a data directory.
 */
public final class ProjectStore {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;

  /** A freshly created project and its push token, which is shown once and never stored. */
  public record Created(Project project, String pushToken) {}

  private ProjectStore(Path dir) {
    this.dir = dir;
  }

  /**
   * Opens (creating if needed) the project store under {@code dataDir/projects}.
   *
   * @throws ProjectStoreException IO if the directory cannot be created
   */
  public static ProjectStore open(Path dataDir) throws ProjectStoreException {
    Path dir = dataDir.resolve("projects");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ProjectStoreException(ProjectStoreException.Reason.IO, "cannot create " + dir, e);
    }
    return new ProjectStore(dir);
  }

  /**
   * Creates a project with a fresh push credential and no maintainers.
   *
   * @param name the project name
   * @param watchedRemote an absolute http(s) URL for code hosted elsewhere, or null for a hosted
   *     repository
   * @throws ProjectStoreException INVALID_NAME, BAD_REMOTE, ALREADY_EXISTS or IO
   */
  public Created create(String name, String watchedRemote) throws ProjectStoreException {
    return create(name, watchedRemote, null);
  }

  /**
   * Creates a project as {@link #create(String, String)} does, releasing its images to {@code
   * imageRepository}.
   *
   * @param imageRepository {@code REGISTRY/REPO} (explicit registry, no tag or digest), or null
   * @throws ProjectStoreException as above, or BAD_IMAGE_REPOSITORY
   */
  public synchronized Created create(String name, String watchedRemote, String imageRepository)
      throws ProjectStoreException {
    requireValidName(name);
    if (watchedRemote != null) {
      checkRemote(watchedRemote);
    }
    if (imageRepository != null) {
      checkImageRepository(imageRepository);
    }
    if (Files.exists(file(name))) {
      throw new ProjectStoreException(
          ProjectStoreException.Reason.ALREADY_EXISTS, "project '" + name + "' exists");
    }
    String token = newToken();
    Project p =
        new Project(
            name,
            UUID.randomUUID().toString(),
            List.of(),
            sha256Hex(token),
            watchedRemote,
            imageRepository);
    write(p);
    return new Created(p, token);
  }

  /** The project named {@code name}, if any (invalid names have none). */
  public synchronized Optional<Project> find(String name) throws ProjectStoreException {
    if (!Project.isValidName(name) || !Files.isRegularFile(file(name))) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(Files.readAllBytes(file(name)), Project.class));
    } catch (IOException e) {
      throw new ProjectStoreException(
          ProjectStoreException.Reason.IO, "cannot read " + file(name), e);
    }
  }

  /** The project named {@code name}; NOT_FOUND otherwise. */
  public Project get(String name) throws ProjectStoreException {
    return find(name)
        .orElseThrow(
            () ->
                new ProjectStoreException(
                    ProjectStoreException.Reason.NOT_FOUND, "no project '" + name + "'"));
  }

  /** Every project, sorted by name. */
  public synchronized List<Project> list() throws ProjectStoreException {
    List<Project> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f :
          files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
        String n = f.getFileName().toString();
        find(n.substring(0, n.length() - ".json".length())).ifPresent(out::add);
      }
    } catch (IOException e) {
      throw new ProjectStoreException(ProjectStoreException.Reason.IO, "cannot list " + dir, e);
    }
    return out;
  }

  /**
   * Adds a key to the project's maintainer allow-list; its fingerprint is computed here.
   *
   * @return the entry added
   * @throws ProjectStoreException NOT_FOUND, BAD_KEY, MAINTAINER_CONFLICT (already listed) or IO
   */
  public synchronized MaintainerKey addMaintainer(String name, KeyKind kind, String publicKeyText)
      throws ProjectStoreException {
    Project p = get(name);
    MaintainerKey key = MaintainerKey.parse(kind, publicKeyText);
    if (p.maintainers().stream().anyMatch(m -> m.fingerprint().equals(key.fingerprint()))) {
      throw new ProjectStoreException(
          ProjectStoreException.Reason.MAINTAINER_CONFLICT,
          "key " + key.fingerprint() + " is already a maintainer of '" + name + "'");
    }
    List<MaintainerKey> keys = new ArrayList<>(p.maintainers());
    keys.add(key);
    write(p.withMaintainers(keys));
    return key;
  }

  /**
   * Removes the maintainer key with this fingerprint; their later tags are refused (UNKNOWN_KEY).
   *
   * @throws ProjectStoreException NOT_FOUND, MAINTAINER_CONFLICT (no such key) or IO
   */
  public synchronized void removeMaintainer(String name, String fingerprint)
      throws ProjectStoreException {
    Project p = get(name);
    List<MaintainerKey> keys =
        p.maintainers().stream().filter(m -> !m.fingerprint().equals(fingerprint)).toList();
    if (keys.size() == p.maintainers().size()) {
      throw new ProjectStoreException(
          ProjectStoreException.Reason.MAINTAINER_CONFLICT,
          "no maintainer key " + fingerprint + " in '" + name + "'");
    }
    write(p.withMaintainers(keys));
  }

  /** Replaces the push credential; returns the new token (the old one stops working). */
  public synchronized String rotatePushCredential(String name) throws ProjectStoreException {
    Project p = get(name);
    String token = newToken();
    write(p.withPushCredentialSha256(sha256Hex(token)));
    return token;
  }

  /**
   * Whether {@code token} is the project's push credential (constant-time comparison of hashes).
   */
  public static boolean matchesPushCredential(Project project, String token) {
    if (token == null) {
      return false;
    }
    return MessageDigest.isEqual(
        sha256Hex(token).getBytes(StandardCharsets.US_ASCII),
        project.pushCredentialSha256().getBytes(StandardCharsets.US_ASCII));
  }

  private Path file(String name) {
    return dir.resolve(name + ".json");
  }

  private void write(Project p) throws ProjectStoreException {
    Path target = file(p.name());
    Path tmp = dir.resolve("." + p.name() + ".json." + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(p)));
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the write already failed; report that
      }
      throw new ProjectStoreException(ProjectStoreException.Reason.IO, "cannot write " + target, e);
    }
  }

  private static void requireValidName(String name) throws ProjectStoreException {
    if (!Project.isValidName(name)) {
      throw new ProjectStoreException(
          ProjectStoreException.Reason.INVALID_NAME,
          "expected [a-z0-9][a-z0-9._-]{0,62} (not ending in .git, no '..'), got '" + name + "'");
    }
  }

  private static void checkRemote(String url) throws ProjectStoreException {
    try {
      URI u = new URI(url);
      // Only network remotes: a file: or bare-path remote would let a project read the server's
      // disk.
      if (u.getScheme() == null
          || !(u.getScheme().equals("https") || u.getScheme().equals("http"))
          || u.getHost() == null) {
        throw new ProjectStoreException(
            ProjectStoreException.Reason.BAD_REMOTE,
            "expected an absolute http(s) URL, got '" + url + "'");
      }
    } catch (URISyntaxException e) {
      throw new ProjectStoreException(
          ProjectStoreException.Reason.BAD_REMOTE, "not a URL: '" + url + "'", e);
    }
  }

  /**
   * An image repository is {@code REGISTRY/REPO}: the registry written out (a host with a dot or a
   * port, or {@code localhost}: no Docker Hub default the admin did not type), an OCI repository
   * name, and neither tag nor digest (the platform pushes by digest).
   */
  static void checkImageRepository(String value) throws ProjectStoreException {
    String expected = "REGISTRY/REPO (e.g. registry.example.org/team/app), no tag or digest";
    int slash = value.indexOf('/');
    String registry = slash > 0 ? value.substring(0, slash) : "";
    boolean explicit =
        registry.contains(".") || registry.contains(":") || registry.equals("localhost");
    if (!explicit || value.contains("@") || value.lastIndexOf(':') > slash) {
      throw new ProjectStoreException(
          ProjectStoreException.Reason.BAD_IMAGE_REPOSITORY,
          "expected " + expected + ", got '" + value + "'");
    }
    try {
      dev.provenant.oci.Reference.parse(value + "@sha256:" + "0".repeat(64));
    } catch (IllegalArgumentException e) {
      throw new ProjectStoreException(
          ProjectStoreException.Reason.BAD_IMAGE_REPOSITORY,
          "expected " + expected + ", got '" + value + "': " + e.getMessage(),
          e);
    }
  }

  private static String newToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return "pvt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String sha256Hex(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a required JCA algorithm", e);
    }
  }
}
