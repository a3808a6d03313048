package dev.provenant.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.fulcio.FulcioExtensions;
import dev.provenant.core.fulcio.FulcioIdentity;
import dev.provenant.core.json.ProtoJson;
import dev.provenant.core.testing.Corpus;
import dev.provenant.core.trustroot.TrustedRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BundleParseTest {
  private static final String HAPPY = "sigstore-conformance/assets/bundle-verify/";

  private static byte[] read(Path p) throws Exception {
    return Files.readAllBytes(p);
  }

  @Test
  void parse_everyCpythonBundle_succeedsWithEmailIdentity() throws Exception {
    int n = 0;
    try (Stream<Path> s = Files.list(Corpus.dir("cpython-release-bundles/versions"))) {
      for (Path v : s.sorted().collect(Collectors.toList())) {
        JsonNode arr = ProtoJson.mapper().readTree(v.toFile());
        for (JsonNode art : arr) {
          JsonNode b = art.get("sigstore");
          if (b == null || b.isNull()) {
            continue;
          }
          Bundle bundle = Bundle.parse(ProtoJson.mapper().writeValueAsBytes(b));
          FulcioIdentity id =
              FulcioExtensions.read(bundle.verificationMaterial().leafCertificate().orElseThrow());
          assertThat(id.sanType()).isEqualTo(FulcioIdentity.SanType.EMAIL);
          assertThat(id.issuer()).startsWith("https://");
          n++;
        }
      }
    }
    assertThat(n).isEqualTo(495);
  }

  @Test
  void parse_happyPathV03_readsCertificateAndTlogEntry() throws Exception {
    Bundle b =
        Bundle.parse(read(Corpus.dir(HAPPY + "happy-path-v0.3").resolve("bundle.sigstore.json")));
    assertThat(b.version()).isEqualTo(BundleVersion.V0_3);
    assertThat(b.verificationMaterial().kind()).isEqualTo(VerificationMaterial.Kind.CERTIFICATE);
    TlogEntry e = b.verificationMaterial().tlogEntries().get(0);
    assertThat(e.kind()).isEqualTo("hashedrekord");
    assertThat(e.inclusionProof()).isPresent();
    FulcioIdentity id =
        FulcioExtensions.read(b.verificationMaterial().leafCertificate().orElseThrow());
    assertThat(id.san()).contains("extremely-dangerous-oidc-beacon");
    assertThat(id.issuer()).isEqualTo("https://token.actions.githubusercontent.com");
    assertThat(id.sourceRepositoryUri())
        .contains("https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon");
    assertThat(id.runnerEnvironment()).contains("github-hosted");
  }

  @Test
  void parse_newStyleMediaType_isV03() throws Exception {
    Bundle b =
        Bundle.parse(
            read(
                Corpus.dir(HAPPY + "happy-path-v0.3-new-mediaType")
                    .resolve("bundle.sigstore.json")));
    assertThat(b.version()).isEqualTo(BundleVersion.V0_3);
  }

  @Test
  void parse_dsseBundle_readsEnvelope() throws Exception {
    Bundle b =
        Bundle.parse(
            read(
                Corpus.dir(HAPPY + "happy-path-intoto-in-dsse-v3")
                    .resolve("bundle.sigstore.json")));
    assertThat(b.dsseEnvelope()).isPresent();
    assertThat(b.dsseEnvelope().get().payloadType()).isEqualTo("application/vnd.in-toto+json");
  }

  @Test
  void parse_malformedCases_throw() throws Exception {
    for (String c :
        List.of(
            "bundle-malformed-json_fail",
            "bundle-negative-log-index_fail",
            "bundle-empty-certificate-chain_fail",
            "bundle-invalid-base64-signature_fail",
            "intoto-missing-inclusion-proof_fail")) {
      Path p = Corpus.dir(HAPPY + c).resolve("bundle.sigstore.json");
      assertThatThrownBy(() -> Bundle.parse(read(p)))
          .as(c)
          .isInstanceOf(BundleFormatException.class);
    }
  }

  @Test
  void parse_unknownVersion_throwsUnsupported() throws Exception {
    Path p = Corpus.dir(HAPPY + "bundle-unknown-version_fail").resolve("bundle.sigstore.json");
    assertThatThrownBy(() -> Bundle.parse(read(p)))
        .isInstanceOfSatisfying(
            BundleFormatException.class, e -> assertThat(e.unsupportedVersion()).isTrue());
  }

  @Test
  void parse_trailingGarbage_throws() {
    assertThatThrownBy(
            () -> Bundle.parse("{\"mediaType\":\"x\"} {}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(BundleFormatException.class);
  }

  @Test
  void trustedRoot_publicGood_parsesEveryAuthority() throws Exception {
    TrustedRoot r =
        TrustedRoot.parse(read(Corpus.dir("trust").resolve("public-good-trusted_root.json")));
    assertThat(r.tlogs()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(r.tlogs()).allMatch(t -> t.publicKey().isPresent());
    assertThat(r.certificateAuthorities()).isNotEmpty();
    assertThat(r.ctlogs()).isNotEmpty();
    assertThat(r.timestampAuthorities()).isNotEmpty();
  }

  @Test
  void trustedRoot_missingValidityStart_throws() {
    Path p =
        Corpus.dir(HAPPY + "trust-root-tlog-missing-validity-start_fail")
            .resolve("trusted_root.json");
    assertThatThrownBy(() -> TrustedRoot.parse(read(p)))
        .isInstanceOf(dev.provenant.core.trustroot.TrustRootFormatException.class);
  }
}
