package dev.provenant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.json.JsonFormatException;
import dev.provenant.oci.Descriptor;
import dev.provenant.oci.Manifest;
import dev.provenant.oci.Reference;
import dev.provenant.oci.RegistryClient;
import dev.provenant.oci.RegistryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant digest FILE|IMAGE...}: prints {@code sha256:<hex>} per file, and for an image
 * reference what {@code crane digest} prints: the digest of the manifest the reference names (the
 * index of a multi-platform image), or with {@code --platform OS/ARCH[/VARIANT]} that platform's
 * manifest. An argument that is an existing file is a file; otherwise one with a tag, digest or
 * registry host is an image reference ({@link #explicitImage}), and anything else a missing file.
 */
@Command(
    name = "digest",
    description = "Print the sha256 digest of files or of an image's manifest.",
    mixinStandardHelpOptions = true)
final class DigestCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE|IMAGE")
  List<String> inputs;

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      description = "For a multi-platform image: print this platform's manifest digest.")
  String platform;

  @Option(
      names = "--insecure-registry",
      paramLabel = "HOST[:PORT]",
      description = "Allow plain http to this registry (loopback registries always may).")
  List<String> insecureRegistries;

  @Override
  public Integer call() {
    if (platform != null && !platform.matches("[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?")) {
      System.err.println("FAILED: input: --platform: expected OS/ARCH[/VARIANT], got " + platform);
      return ExitCode.USAGE.code();
    }
    RegistryClient client = null;
    for (String in : inputs) {
      String d;
      Path f = asExistingFile(in);
      if (f == null && !explicitImage(in)) {
        try {
          f = Path.of(in);
        } catch (InvalidPathException e) {
          System.err.println("FAILED: input: not a file name or image reference: " + in);
          return ExitCode.USAGE.code();
        }
      }
      if (f != null) {
        if (!Files.isRegularFile(f)) {
          System.err.println("FAILED: input: not a readable file: " + f);
          return ExitCode.USAGE.code();
        }
        try {
          d = "sha256:" + Hex.encode(Sha256.hashFile(f));
        } catch (IOException e) {
          System.err.println("FAILED: input: cannot read " + f + ": " + e.getMessage());
          return ExitCode.USAGE.code();
        }
      } else {
        Reference ref;
        try {
          ref = Reference.parse(in);
        } catch (IllegalArgumentException e) {
          System.err.println(
              "FAILED: input: neither an existing file nor an image reference: "
                  + in
                  + " ("
                  + e.getMessage()
                  + ")");
          return ExitCode.USAGE.code();
        }
        try {
          if (client == null) {
            client = Registries.client(insecureRegistries);
          }
          d = imageDigest(client, ref, platform);
        } catch (RegistryException e) {
          System.err.println("FAILED: registry: " + e.getMessage());
          return Registries.exitCode(e).code();
        }
      }
      System.out.println(inputs.size() == 1 ? d : d + "  " + in);
    }
    return ExitCode.VERIFIED.code();
  }

  /**
   * Whether an argument that is not an existing file names an image explicitly: with a tag, a
   * digest or a registry host ({@code alpine:3}, {@code x@sha256:..}, {@code ghcr.io/o/r}). A bare
   * name ({@code notes.txt}, {@code alpine}) stays a file name, so a mistyped file is reported as a
   * missing file rather than looked up on Docker Hub.
   */
  static boolean explicitImage(String in) {
    if (!Reference.looksLikeReference(in)) {
      return false;
    }
    int slash = in.indexOf('/');
    String first = slash > 0 ? in.substring(0, slash) : "";
    return in.contains(":") || in.contains("@") || first.contains(".") || first.equals("localhost");
  }

  private static Path asExistingFile(String in) {
    try {
      Path p = Path.of(in);
      return Files.exists(p) ? p : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /**
   * The digest {@code crane digest [--platform]} prints. Every manifest on the way is fetched and
   * checked against its digest by the client.
   *
   * @throws RegistryException NOT_FOUND when the index has no such platform or a single-platform
   *     image is of another platform
   */
  static String imageDigest(RegistryClient client, Reference ref, String platform)
      throws RegistryException {
    Manifest m = client.manifest(ref);
    if (platform == null) {
      return m.digest();
    }
    if (m.isIndex()) {
      for (Descriptor d : m.descriptors()) {
        if (d.matchesPlatform(platform)) {
          return client.manifest(ref.withDigest(d.digest())).digest();
        }
      }
      throw new RegistryException(
          RegistryException.Reason.NOT_FOUND,
          0,
          ref + ": the index " + m.digest() + " has no manifest for platform " + platform,
          null);
    }
    // A single-platform image: its config says which platform it is for.
    JsonNode config = m.json().path("config");
    String cd = config.path("digest").asText("");
    if (!cd.startsWith("sha256:")) {
      throw new RegistryException(
          RegistryException.Reason.MALFORMED_RESPONSE, 0, ref + ": manifest without config", null);
    }
    JsonNode c;
    try {
      c = GoJson.parse(client.blob(ref, cd));
    } catch (JsonFormatException e) {
      throw new RegistryException(
          RegistryException.Reason.MALFORMED_RESPONSE, 0, ref + ": config is not JSON", e);
    }
    String[] p = platform.split("/");
    String os = c.path("os").asText("");
    String arch = c.path("architecture").asText("");
    String variant = c.path("variant").asText("");
    if (!os.equals(p[0]) || !arch.equals(p[1]) || (p.length > 2 && !variant.equals(p[2]))) {
      throw new RegistryException(
          RegistryException.Reason.NOT_FOUND,
          0,
          ref
              + ": expected platform "
              + platform
              + ", got "
              + os
              + "/"
              + arch
              + (variant.isEmpty() ? "" : "/" + variant),
          null);
    }
    return m.digest();
  }
}
