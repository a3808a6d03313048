package dev.provenant.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.oci.RegistryClient.ReferrersSource;
import dev.provenant.oci.RegistryException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The client against Debian's docker-registry (distribution 2.8) on loopback, started by
 * scripts/test.d/45-registry.sh: without auth, with htpasswd Basic auth, and with token auth whose
 * token server is {@link TestTokenServer}.
 */
class RegistryClientTest {
  static String open() {
    return TestRegistries.env("PROVENANT_TEST_REGISTRY_OPEN");
  }

  @Test
  void pushBlob_inSmallChunks_roundTripsAndExists() throws Exception {
    RegistryClient c = TestRegistries.anonymous();
    Reference repo = TestRegistries.repo(open(), "chunks");
    byte[] content = new byte[1000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31);
    }
    String d = c.pushBlob(repo, content, 97);
    assertThat(d).isEqualTo(RegistryClient.digestOf(content));
    assertThat(c.blobExists(repo, d)).isTrue();
    assertThat(c.blob(repo, d)).isEqualTo(content);
    assertThat(c.blobExists(repo, RegistryClient.digestOf(new byte[] {1}))).isFalse();
  }

  @Test
  void manifest_byTagAndDigest_isTheBytesPushed() throws Exception {
    RegistryClient c = TestRegistries.anonymous();
    Reference repo = TestRegistries.repo(open(), "manifest");
    byte[] m = TestRegistries.pushImage(c, repo, "hello");
    Manifest byTag = c.manifest(repo);
    assertThat(byTag.bytes()).isEqualTo(m);
    assertThat(byTag.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(c.manifest(repo.withDigest(byTag.digest())).bytes()).isEqualTo(m);
  }

  @Test
  void manifest_unknownTag_isNotFound() throws Exception {
    RegistryClient c = TestRegistries.anonymous();
    Reference repo = TestRegistries.repo(open(), "missing");
    TestRegistries.pushImage(c, repo, "x");
    assertThatThrownBy(() -> c.manifest(repo.withTag("nope")))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
              assertThat(e.registryFailure()).isFalse();
            });
  }

  @Test
  void mountBlob_fromAnotherRepository_mountsWithoutUpload() throws Exception {
    RegistryClient c = TestRegistries.anonymous();
    Reference a = TestRegistries.repo(open(), "mount-a");
    Reference b = TestRegistries.repo(open(), "mount-b");
    byte[] content = "shared layer".getBytes(StandardCharsets.UTF_8);
    String d = c.pushBlob(a, content, RegistryClient.DEFAULT_CHUNK);
    assertThat(c.blobExists(b, d)).isFalse();
    assertThat(c.mountBlob(b, a.repository(), d)).isTrue();
    assertThat(c.blob(b, d)).isEqualTo(content);
  }

  @Test
  void tags_morePagesThanOne_followsLinkToTheEnd() throws Exception {
    RegistryClient c = TestRegistries.anonymous();
    Reference repo = TestRegistries.repo(open(), "tags");
    byte[] m = TestRegistries.pushImage(c, repo, "tags");
    List<String> want = new ArrayList<>(List.of("latest"));
    for (int i = 0; i < 6; i++) {
      c.putManifest(repo, "t" + i, m, MediaTypes.OCI_MANIFEST);
      want.add("t" + i);
    }
    // Pages of 2: without following Link only the first two would come back.
    assertThat(c.tags(repo, 2)).containsExactlyInAnyOrderElementsOf(want);
  }

  @Test
  void referrers_registryWithoutApi_fallsBackToTheReferrersTag() throws Exception {
    RegistryClient c = TestRegistries.anonymous();
    Reference repo = TestRegistries.repo(open(), "referrers");
    byte[] m = TestRegistries.pushImage(c, repo, "subject");
    String subject = RegistryClient.digestOf(m);
    assertThat(c.referrers(repo, subject, null))
        .isEqualTo(new RegistryClient.Referrers(List.of(), ReferrersSource.TAG_SCHEMA));
    // Two artifacts referring to the subject, listed in the referrers tag index as a client
    // without the API maintains it (distribution-spec "Pushing Manifests with Subject").
    byte[] art1 = TestRegistries.pushImage(c, repo.withTag("art1"), "bundle");
    byte[] art2 = TestRegistries.pushImage(c, repo.withTag("art2"), "other");
    String bundleArt = RegistryClient.digestOf(art1);
    String otherArt = RegistryClient.digestOf(art2);
    int size1 = art1.length;
    int size2 = art2.length;
    byte[] index =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_INDEX
                + "\",\"manifests\":["
                + "{\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"digest\":\""
                + bundleArt
                + "\",\"size\":"
                + size1
                + ",\"artifactType\":\""
                + MediaTypes.SIGSTORE_BUNDLE_V03
                + "\"},"
                + "{\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"digest\":\""
                + otherArt
                + "\",\"size\":"
                + size2
                + ",\"artifactType\":\"application/example\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    c.putManifest(repo, subject.replace(':', '-'), index, MediaTypes.OCI_INDEX);

    RegistryClient.Referrers bundles = c.referrers(repo, subject, MediaTypes.SIGSTORE_BUNDLE_V03);
    assertThat(bundles.source()).isEqualTo(ReferrersSource.TAG_SCHEMA);
    assertThat(bundles.descriptors()).extracting(Descriptor::digest).containsExactly(bundleArt);
    assertThat(bundles.descriptors().get(0).artifactType())
        .isEqualTo(MediaTypes.SIGSTORE_BUNDLE_V03);
    assertThat(c.referrers(repo, subject, null).descriptors())
        .extracting(Descriptor::digest)
        .containsExactly(bundleArt, otherArt);
  }

  /** Where distribution's filesystem driver keeps a blob's bytes. */
  static Path storedBlob(String digest) {
    String hex = digest.substring(7);
    return Path.of(
        TestRegistries.env("PROVENANT_TEST_REGISTRY_OPEN_STORAGE"),
        "docker/registry/v2/blobs/sha256",
        hex.substring(0, 2),
        hex,
        "data");
  }

  @Test
  void manifest_tamperedInStorage_isDigestMismatch() throws Exception {
    RegistryClient c = TestRegistries.anonymous();
    Reference repo = TestRegistries.repo(open(), "tamper-m");
    byte[] m = TestRegistries.pushImage(c, repo, "tamper me");
    String d = RegistryClient.digestOf(m);
    Path stored = storedBlob(d);
    assertThat(stored).exists();
    String tampered =
        new String(m, StandardCharsets.UTF_8)
            .replace("\"schemaVersion\":2", "\"schemaVersion\": 2");
    Files.writeString(stored, tampered);
    for (Reference r : List.of(repo.withDigest(d), repo)) {
      assertThatThrownBy(() -> c.manifest(r))
          .as(r.toString())
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH);
                assertThat(e.getMessage())
                    .contains(d)
                    .contains(RegistryClient.digestOf(tampered.getBytes(StandardCharsets.UTF_8)));
              });
    }
  }

  @Test
  void blob_tamperedInStorage_isDigestMismatch() throws Exception {
    RegistryClient c = TestRegistries.anonymous();
    Reference repo = TestRegistries.repo(open(), "tamper-b");
    byte[] content = "original content".getBytes(StandardCharsets.UTF_8);
    String d = c.pushBlob(repo, content, RegistryClient.DEFAULT_CHUNK);
    Files.writeString(storedBlob(d), "evil content!!!!");
    assertThatThrownBy(() -> c.blob(repo, d))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH));
  }

  @Test
  void basicAuth_anonymous_isUnauthorizedWithTheRegistrysAnswer() throws Exception {
    String reg = TestRegistries.env("PROVENANT_TEST_REGISTRY_BASIC");
    Reference repo = TestRegistries.repo(reg, "basic");
    assertThatThrownBy(() -> TestRegistries.anonymous().manifest(repo))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.registryFailure()).isTrue();
              assertThat(e.getMessage()).contains("authentication required");
            });
    assertThat(TestRegistries.anonymous().ping(reg)).isEqualTo(401);
  }

  @Test
  void basicAuth_wrongPassword_isUnauthorized() throws Exception {
    String reg = TestRegistries.env("PROVENANT_TEST_REGISTRY_BASIC");
    RegistryClient c =
        TestRegistries.with(
            Credentials.basic(TestRegistries.env("PROVENANT_TEST_REGISTRY_BASIC_USER"), "wrong"));
    assertThatThrownBy(() -> c.manifest(TestRegistries.repo(reg, "basic-wrong")))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED));
  }

  @Test
  void basicAuth_withCredentials_pushesAndPulls() throws Exception {
    String reg = TestRegistries.env("PROVENANT_TEST_REGISTRY_BASIC");
    RegistryClient c =
        TestRegistries.with(
            Credentials.basic(
                TestRegistries.env("PROVENANT_TEST_REGISTRY_BASIC_USER"),
                TestRegistries.env("PROVENANT_TEST_REGISTRY_BASIC_PASSWORD")));
    Reference repo = TestRegistries.repo(reg, "basic-ok");
    byte[] m = TestRegistries.pushImage(c, repo, "basic");
    assertThat(c.manifest(repo).bytes()).isEqualTo(m);
  }

  @Test
  void tokenAuth_withCredentials_getsScopedTokensAndPushesAndPulls() throws Exception {
    String reg = TestRegistries.env("PROVENANT_TEST_REGISTRY_TOKEN");
    try (TestTokenServer ts = tokenServer()) {
      RegistryClient c =
          TestRegistries.with(Credentials.basic(TestTokenServer.USER, TestTokenServer.PASSWORD));
      Reference repo = TestRegistries.repo(reg, "token");
      byte[] m = TestRegistries.pushImage(c, repo, "token");
      assertThat(c.manifest(repo).bytes()).isEqualTo(m);
      assertThat(ts.scopes)
          .contains(
              "repository:" + repo.repository() + ":pull,push",
              "repository:" + repo.repository() + ":pull");
      Reference other = TestRegistries.repo(reg, "token-mount");
      String layer = RegistryClient.digestOf("token".getBytes(StandardCharsets.UTF_8));
      assertThat(c.mountBlob(other, repo.repository(), layer)).isTrue();
      assertThat(ts.scopes).contains("repository:" + repo.repository() + ":pull");
    }
  }

  @Test
  void tokenAuth_anonymous_isUnauthorizedWithTheTokenServersAnswer() throws Exception {
    String reg = TestRegistries.env("PROVENANT_TEST_REGISTRY_TOKEN");
    try (TestTokenServer ts = tokenServer()) {
      assertThatThrownBy(
              () -> TestRegistries.anonymous().manifest(TestRegistries.repo(reg, "token-anon")))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
                assertThat(e.getMessage()).contains("token server: bad credentials");
              });
    }
  }

  @Test
  void tokenAuth_tokenServerDown_isUnreachable() throws Exception {
    String reg = TestRegistries.env("PROVENANT_TEST_REGISTRY_TOKEN");
    assertThatThrownBy(
            () -> TestRegistries.anonymous().manifest(TestRegistries.repo(reg, "token-down")))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
              assertThat(e.registryFailure()).isTrue();
            });
  }

  static TestTokenServer tokenServer() throws Exception {
    return new TestTokenServer(
        Integer.parseInt(TestRegistries.env("PROVENANT_TEST_REGISTRY_TOKEN_REALM_PORT")),
        Path.of(TestRegistries.env("PROVENANT_TEST_REGISTRY_TOKEN_KEY")),
        Path.of(TestRegistries.env("PROVENANT_TEST_REGISTRY_TOKEN_CERT")),
        TestRegistries.env("PROVENANT_TEST_REGISTRY_TOKEN_ISSUER"),
        TestRegistries.env("PROVENANT_TEST_REGISTRY_TOKEN_SERVICE"));
  }

  @Test
  void plainHttp_onlyForLoopbackOrDeclaredInsecure() {
    RegistryClient c =
        RegistryClient.create(
            TestRegistries.transport(),
            CredentialStore.ANONYMOUS,
            Set.of("registry.internal:5000"));
    assertThat(c.plainHttpAllowed("127.0.0.1:5000")).isTrue();
    assertThat(c.plainHttpAllowed("127.9.9.9")).isTrue();
    assertThat(c.plainHttpAllowed("[::1]:5000")).isTrue();
    assertThat(c.plainHttpAllowed("localhost:5000")).isTrue();
    assertThat(c.plainHttpAllowed("registry.internal:5000")).isTrue();
    assertThat(c.plainHttpAllowed("registry.internal:5001")).isFalse();
    assertThat(c.plainHttpAllowed("ghcr.io")).isFalse();
    assertThat(c.plainHttpAllowed("10.0.0.1:5000")).isFalse();
  }
}
