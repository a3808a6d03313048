package dev.provenant.platform.sandbox;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import com.github.packageurl.PackageURLBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.generators.json.BomJsonGenerator;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.ExternalReference;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;

/**
 * CycloneDX 1.6 SBOMs of a build's resolved dependencies: the resources the egress proxy served it.
 * Written by the platform from what its proxy observed, never by the build.
 *
 * <p>Each fetched resource is one component: a library with a package URL where the URL is a known
 * repository layout (Maven repositories: {@code .../maven2/<group
 * path>/<artifact>/<version>/<file>}, the npm registry: {@code /<name>/-/<name>-<version>.tgz});
 * otherwise a file named by its URL. The SHA-256 the proxy computed is the component's hash (absent
 * for HTTPS tunnels, whose content the proxy does not see), and the URL is its distribution
 * reference. The output is deterministic: no timestamp, and a serial number derived from the
 * content.
 */
public final class Sboms {
  private Sboms() {}

  /**
   * The SBOM as CycloneDX 1.6 JSON.
   *
   * @param subjectName what was built (e.g. the repository name)
   * @param subjectVersion its version (e.g. the tag)
   * @param fetched the resources served to the build, in fetch order; duplicates are listed once
   * @return UTF-8 JSON
   */
  public static byte[] toJson(
      String subjectName, String subjectVersion, List<SandboxResult.Fetched> fetched) {
    Map<String, Component> components = new LinkedHashMap<>();
    for (SandboxResult.Fetched f : fetched) {
      Component c = component(f);
      components.putIfAbsent(c.getBomRef(), c);
    }
    Bom bom = new Bom();
    Metadata metadata = new Metadata();
    Component subject = new Component();
    subject.setType(Component.Type.APPLICATION);
    subject.setName(subjectName);
    subject.setVersion(subjectVersion);
    subject.setBomRef("subject");
    metadata.setComponent(subject);
    metadata.setTimestamp(null); // the constructor stamps "now"; the SBOM must be reproducible
    bom.setMetadata(metadata);
    bom.setComponents(new ArrayList<>(components.values()));
    bom.setSerialNumber(null);
    try {
      // One generator for both passes: it reads the BOM when asked, and each generator sets up two
      // Jackson mappers of its own, which cost more than the serializing on a platform that makes
      // one SBOM per release (bench/platform-release).
      BomJsonGenerator json = BomGeneratorFactory.createJson(Version.VERSION_16, bom);
      String unserialised = json.toJsonString(true);
      bom.setSerialNumber(
          "urn:uuid:" + UUID.nameUUIDFromBytes(unserialised.getBytes(StandardCharsets.UTF_8)));
      return json.toJsonString(true).getBytes(StandardCharsets.UTF_8);
    } catch (GeneratorException e) {
      throw new IllegalStateException("cyclonedx could not serialise a BOM built here", e); // bug
    }
  }

  /**
   * Writes {@link #toJson} to {@code file}, which must not exist yet.
   *
   * @throws IOException if the file exists or cannot be written
   */
  public static void write(
      Path file, String subjectName, String subjectVersion, List<SandboxResult.Fetched> fetched)
      throws IOException {
    Files.write(file, toJson(subjectName, subjectVersion, fetched), StandardOpenOption.CREATE_NEW);
  }

  private static Component component(SandboxResult.Fetched f) {
    Component c = new Component();
    Optional<PackageURL> purl = purlOf(f.url());
    if (purl.isPresent()) {
      PackageURL p = purl.get();
      c.setType(Component.Type.LIBRARY);
      c.setGroup(p.getNamespace());
      c.setName(p.getName());
      c.setVersion(p.getVersion());
      c.setPurl(p.canonicalize());
      c.setBomRef(p.canonicalize() + (f.sha256().isEmpty() ? "" : "#sha256:" + f.sha256()));
    } else {
      c.setType(Component.Type.FILE);
      c.setName(f.url());
      c.setBomRef(f.url() + (f.sha256().isEmpty() ? "" : "#sha256:" + f.sha256()));
    }
    if (!f.sha256().isEmpty()) {
      c.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, f.sha256())));
    }
    ExternalReference ref = new ExternalReference();
    ref.setType(ExternalReference.Type.DISTRIBUTION);
    ref.setUrl(f.url());
    c.setExternalReferences(List.of(ref));
    return c;
  }

  /** The package URL of a download URL in a known repository layout. */
  static Optional<PackageURL> purlOf(String url) {
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String path = u.getPath();
    if (path == null || u.getHost() == null) {
      return Optional.empty();
    }
    try {
      int m2 = path.indexOf("/maven2/");
      if (m2 >= 0) {
        String[] seg = path.substring(m2 + "/maven2/".length()).split("/");
        // <g1>/<g2>.../<artifact>/<version>/<artifact>-<version>[-classifier].<ext>
        if (seg.length >= 4
            && seg[seg.length - 1].startsWith(seg[seg.length - 3] + "-" + seg[seg.length - 2])) {
          String artifact = seg[seg.length - 3];
          String version = seg[seg.length - 2];
          String file = seg[seg.length - 1];
          String group = String.join(".", java.util.Arrays.copyOf(seg, seg.length - 3));
          String rest = file.substring((artifact + "-" + version).length());
          PackageURLBuilder b =
              PackageURLBuilder.aPackageURL()
                  .withType("maven")
                  .withNamespace(group)
                  .withName(artifact)
                  .withVersion(version);
          int dot = rest.lastIndexOf('.');
          if (dot >= 0) {
            String ext = rest.substring(dot + 1);
            String classifier = rest.substring(0, dot);
            if (!ext.equals("jar")) {
              b.withQualifier("type", ext);
            }
            if (classifier.startsWith("-") && classifier.length() > 1) {
              b.withQualifier("classifier", classifier.substring(1));
            }
          }
          return Optional.of(b.build());
        }
      }
      if ("registry.npmjs.org".equals(u.getHost())
          && path.endsWith(".tgz")
          && path.contains("/-/")) {
        String name = path.substring(1, path.indexOf("/-/"));
        String file = path.substring(path.lastIndexOf('/') + 1);
        String bare = name.contains("/") ? name.substring(name.indexOf('/') + 1) : name;
        if (file.startsWith(bare + "-")) {
          String version = file.substring(bare.length() + 1, file.length() - ".tgz".length());
          PackageURLBuilder b =
              PackageURLBuilder.aPackageURL().withType("npm").withName(bare).withVersion(version);
          if (name.startsWith("@")) {
            b.withNamespace(name.substring(0, name.indexOf('/')));
          }
          return Optional.of(b.build());
        }
      }
    } catch (MalformedPackageURLException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
