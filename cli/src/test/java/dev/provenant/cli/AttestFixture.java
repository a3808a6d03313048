package dev.provenant.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.ca.AuditLog;
import dev.provenant.ca.oidc.IssuerType;
import dev.provenant.ca.oidc.OidcVerifier;
import dev.provenant.ca.oidc.TrustedIssuer;
import dev.provenant.ca.server.CaServer;
import dev.provenant.log.LogService;
import dev.provenant.oci.CredentialStore;
import dev.provenant.oci.MediaTypes;
import dev.provenant.oci.Reference;
import dev.provenant.oci.RegistryClient;
import dev.provenant.oci.RegistryException;
import dev.provenant.sign.http.HttpTransport;
import dev.provenant.testkit.oidc.DevOidcServer;
import dev.provenant.verify.slsa.BuildersFile;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What {@code provenant attest} needs to sign as a Provenant build would, for the attest tests and
 * bench/registry: the development OIDC issuer standing in for the platform's workload issuer, our
 * CA and log (their trusted root and signing config exported by {@code ca export}), the builders
 * file {@code up} writes, a sandbox build's SLSA v1 predicate and the build's workload token
 * (platform contract), and small images to attest.
 */
public final class AttestFixture implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The release tag of the build. */
  public static final String TAG = "v1.2.3";

  /** The commit the tag names. */
  public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  private final DevOidcServer oidc;
  private final CaServer ca;
  private final LogService log;

  /** The instance's base URL (the OIDC issuer). */
  public final String web;

  /** The source repository's URL. */
  public final String repoUrl;

  /** {@code trusted_root.json} of the CA and log. */
  public final Path trustedRoot;

  /** {@code signing_config.json} naming the CA and log. */
  public final Path signingConfig;

  /** The builders file. */
  public final Path builders;

  /** The predicate file: a sandbox build's SLSA v1 predicate. */
  public final Path predicate;

  private AttestFixture(DevOidcServer oidc, CaServer ca, LogService log, Path dir)
      throws Exception {
    this.oidc = oidc;
    this.ca = ca;
    this.log = log;
    this.trustedRoot = dir.resolve("trusted_root.json");
    this.signingConfig = dir.resolve("signing_config.json");
    int rc =
        Main.run(
            "ca",
            "export",
            "--ca-url",
            ca.baseUrl(),
            "--log-url",
            log.publicUrl().toString(),
            "--trusted-root",
            trustedRoot.toString(),
            "--signing-config",
            signingConfig.toString());
    if (rc != 0) {
      throw new IOException("ca export failed with exit " + rc);
    }
    this.web = oidc.baseUrl().replaceFirst("/$", "");
    this.repoUrl = web + "/git/widget";
    this.builders = dir.resolve("builders.json");
    Files.writeString(builders, buildersFile());
    this.predicate = dir.resolve("provenance-predicate.json");
    Files.write(predicate, JSON.writeValueAsBytes(provenancePredicate()));
  }

  /** Starts the issuer, CA and log on loopback with their data under {@code dir}. */
  public static AttestFixture start(Path dir) throws Exception {
    DevOidcServer oidc = DevOidcServer.start("127.0.0.1", 0, dir.resolve("oidc"), null);
    CaServer ca =
        CaServer.start(
            "127.0.0.1",
            0,
            false,
            dir.resolve("ca"),
            OidcVerifier.create(List.of(TrustedIssuer.of(oidc.baseUrl(), IssuerType.AUTO))),
            new AuditLog(l -> {}, java.time.Clock.systemUTC()));
    LogService log =
        LogService.start(
            new LogService.Config(
                "127.0.0.1", 0, dir.resolve("log"), null, null, null, "127.0.0.1", null));
    return new AttestFixture(oidc, ca, log, dir);
  }

  /** The OIDC issuer's base URL as it serves it. */
  public String issuerUrl() {
    return oidc.baseUrl();
  }

  /** The CA's base URL. */
  public String caUrl() {
    return ca.baseUrl();
  }

  /** The log's public URL. */
  public String logUrl() {
    return log.publicUrl().toString();
  }

  /** The generator's identity: certificate SAN and builder id. */
  public String builderSan() {
    return web + "/generators/slsa3@v0.1.0";
  }

  /** {@code --source-uri}: the repository URL without its scheme. */
  public String sourceUri() {
    return repoUrl.replaceFirst("^https?://", "");
  }

  /** The builders file {@code up} writes for this instance (platform contract). */
  String buildersFile() throws IOException {
    return buildersFile(web, web);
  }

  /**
   * The builders file {@code up} writes, for an instance at {@code base} whose issuer is {@code
   * issuer}.
   */
  public static String buildersFile(String base, String issuer) throws IOException {
    ObjectNode b = JSON.createObjectNode();
    b.putArray("builders")
        .addObject()
        .put("id", base + "/generators/slsa3")
        .put("oidcIssuer", issuer)
        .put(
            "certificateIdentityRegexp",
            "^" + Pattern.quote(base) + "/generators/slsa3@v[0-9]+\\.[0-9]+\\.[0-9]+$")
        .put("sourceRepositoryUriPrefix", base + "/git/")
        .put("buildType", BuildersFile.SANDBOX_BUILD_TYPE);
    return JSON.writeValueAsString(b);
  }

  /** A sandbox build's SLSA v1 predicate (platform contract "Provenance"). */
  ObjectNode provenancePredicate() {
    return provenancePredicate(TAG, COMMIT);
  }

  /** As {@link #provenancePredicate()}, for the build of {@code commit} at {@code tag}. */
  public ObjectNode provenancePredicate(String tag, String commit) {
    ObjectNode pred = JSON.createObjectNode();
    ObjectNode def = pred.putObject("buildDefinition");
    def.put("buildType", BuildersFile.SANDBOX_BUILD_TYPE);
    String source = "git+" + repoUrl + "@refs/tags/" + tag;
    ObjectNode ext = def.putObject("externalParameters");
    ext.putObject("source").put("uri", source).putObject("digest").put("gitCommit", commit);
    ext.putObject("buildConfig")
        .put("path", ".provenant/build.yaml")
        .putObject("digest")
        .put("sha256", "ab".repeat(32));
    def.putObject("internalParameters").put("runner", "bubblewrap");
    def.putArray("resolvedDependencies")
        .addObject()
        .put("uri", source)
        .putObject("digest")
        .put("gitCommit", commit);
    ObjectNode run = pred.putObject("runDetails");
    run.putObject("builder").put("id", builderSan());
    run.putObject("metadata")
        .put("invocationId", web + "/projects/widget/builds/7/attempts/1")
        .put("startedOn", "2026-01-01T00:00:00Z")
        .put("finishedOn", "2026-01-01T00:01:00Z");
    return pred;
  }

  /** The workload token of the release build of widget at {@link #TAG}. */
  public String token() throws IOException, InterruptedException {
    return token(builderSan());
  }

  /** As {@link #token()}, for the generator identity {@code san}. */
  public String token(String san) throws IOException, InterruptedException {
    return token(san, TAG);
  }

  /** As {@link #token()}, for the generator identity {@code san} building {@code tag}. */
  public String token(String san, String tag) throws IOException, InterruptedException {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("profile", "provenant");
    q.put("sub", "repo:widget:ref:refs/tags/" + tag);
    q.put("builder_id", san);
    q.put("source_repository_uri", repoUrl);
    q.put("sha", COMMIT);
    q.put("ref", "refs/tags/" + tag);
    q.put("build_config_uri", repoUrl + "/.provenant/build.yaml@refs/tags/" + tag);
    q.put("event_name", "push");
    q.put("run_invocation_uri", web + "/projects/widget/builds/7/attempts/1");
    q.put("runner_environment", "platform-hosted");
    return tokenFor(
        q.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&")));
  }

  /** A token from the development issuer's {@code /token?QUERY}. */
  public String tokenFor(String query) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(oidc.baseUrl() + "/token?" + query)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body()
        .strip();
  }

  /** An anonymous client on the default transport. */
  public static RegistryClient client() {
    return RegistryClient.create(HttpTransport.defaults(), CredentialStore.ANONYMOUS, Set.of());
  }

  /**
   * A small image (an OCI config for {@code os/arch} and one layer) pushed by digest; returns the
   * manifest's bytes.
   */
  public static byte[] pushManifest(Reference repo, String layerText, String os, String arch)
      throws RegistryException {
    RegistryClient c = client();
    byte[] config =
        ("{\"architecture\":\""
                + arch
                + "\",\"os\":\""
                + os
                + "\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"config\":{}}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] layer = layerText.getBytes(StandardCharsets.UTF_8);
    String cd = c.pushBlob(repo, config, RegistryClient.DEFAULT_CHUNK);
    String ld = c.pushBlob(repo, layer, RegistryClient.DEFAULT_CHUNK);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG
                + "\",\"digest\":\""
                + cd
                + "\",\"size\":"
                + config.length
                + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                + ld
                + "\",\"size\":"
                + layer.length
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);
    c.putManifest(repo, RegistryClient.digestOf(manifest), manifest, MediaTypes.OCI_MANIFEST);
    return manifest;
  }

  /** A small linux/amd64 image pushed under {@code repo}'s tag; returns its digest. */
  public static String pushImage(Reference repo, String layerText) throws RegistryException {
    byte[] m = pushManifest(repo, layerText, "linux", "amd64");
    return client().putManifest(repo, repo.tag(), m, MediaTypes.OCI_MANIFEST);
  }

  /**
   * A two-platform image (linux/amd64, linux/arm64) under {@code repo}'s tag: an OCI index over two
   * manifests; returns the index's digest.
   */
  public static String pushMultiArch(Reference repo) throws RegistryException {
    StringBuilder index =
        new StringBuilder(
            "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[");
    String[] arches = {"amd64", "arm64"};
    for (int i = 0; i < arches.length; i++) {
      byte[] m = pushManifest(repo, "multi-arch layer " + arches[i], "linux", arches[i]);
      index
          .append(i == 0 ? "" : ",")
          .append("{\"mediaType\":\"")
          .append(MediaTypes.OCI_MANIFEST)
          .append("\",\"digest\":\"")
          .append(RegistryClient.digestOf(m))
          .append("\",\"size\":")
          .append(m.length)
          .append(",\"platform\":{\"architecture\":\"")
          .append(arches[i])
          .append("\",\"os\":\"linux\"}}");
    }
    index.append("]}");
    return client()
        .putManifest(
            repo,
            repo.tag(),
            index.toString().getBytes(StandardCharsets.UTF_8),
            MediaTypes.OCI_INDEX);
  }

  /** The {@code attest} command line for {@code image} with {@code token}. */
  public String[] attestArgs(String image, String token, String... extra) {
    List<String> a =
        new java.util.ArrayList<>(
            List.of(
                "attest",
                "--predicate",
                predicate.toString(),
                "--type",
                "slsaprovenance1",
                "--identity-token",
                token,
                "--signing-config",
                signingConfig.toString()));
    a.addAll(List.of(extra));
    a.add(image);
    return a.toArray(String[]::new);
  }

  /** The {@code verify-image} command line trusting this instance's builder. */
  public String[] verifyImageArgs(String imageAtDigest, String sourceUri) {
    return new String[] {
      "verify-image",
      "--source-uri",
      sourceUri,
      "--source-tag",
      TAG,
      "--builder-id",
      builderSan(),
      "--builders",
      builders.toString(),
      "--trusted-root",
      trustedRoot.toString(),
      imageAtDigest
    };
  }

  @Override
  public void close() throws Exception {
    log.close();
    ca.close();
    oidc.close();
  }
}
