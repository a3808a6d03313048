package dev.provenant.verify.sigstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.json.ProtoJson;
import dev.provenant.core.testing.Corpus;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * 495 real CPython release bundles (v0.1-v0.3), verified by digest with the release managers'
 * identities.
 */
class CpythonReleaseBundlesTest {
  @Test
  void verify_everyCpythonReleaseBundle_passesByDigest() throws Exception {
    Path root = Corpus.dir("cpython-release-bundles");
    JsonNode idents = ProtoJson.mapper().readTree(root.resolve("signing-identities.json").toFile());
    SigstoreVerifier verifier = SigstoreVerifier.create(Corpus.publicGoodRoot());
    int passed = 0;
    List<String> failures = new ArrayList<>();
    List<Path> versions;
    try (Stream<Path> s = Files.list(root.resolve("versions"))) {
      versions = s.sorted().collect(Collectors.toList());
    }
    for (Path v : versions) {
      String full = v.getFileName().toString().replaceAll("\\.json$", "");
      String[] parts = full.split("\\.");
      String rel = parts[0] + "." + parts[1];
      JsonNode ident = null;
      for (JsonNode i : idents) {
        if (rel.equals(i.get("Release").asText())) {
          ident = i;
        }
      }
      if (ident == null) {
        continue;
      }
      for (JsonNode art : ProtoJson.mapper().readTree(v.toFile())) {
        JsonNode b = art.get("sigstore");
        if (b == null || b.isNull()) {
          continue;
        }
        Bundle bundle = Bundle.parse(ProtoJson.mapper().writeValueAsBytes(b));
        IdentityPolicy policy =
            IdentityPolicy.exact(
                ident.get("Release manager").asText(), ident.get("OIDC Issuer").asText());
        try {
          verifier.verify(
              bundle, ArtifactInput.ofSha256("sha256:" + art.get("sha256").asText()), policy);
          passed++;
        } catch (VerificationException e) {
          failures.add(art.get("url").asText() + ": " + e.verdictLine());
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(passed).isEqualTo(495);
  }

  @Test
  void verify_cpythonBundleWithOtherManager_isIdentityMismatch() throws Exception {
    Path v = Corpus.dir("cpython-release-bundles").resolve("versions/3.12.0.json");
    JsonNode art = ProtoJson.mapper().readTree(v.toFile()).get(0);
    Bundle bundle = Bundle.parse(ProtoJson.mapper().writeValueAsBytes(art.get("sigstore")));
    SigstoreVerifier verifier = SigstoreVerifier.create(Corpus.publicGoodRoot());
    try {
      verifier.verify(
          bundle,
          ArtifactInput.ofSha256("sha256:" + art.get("sha256").asText()),
          IdentityPolicy.exact("hugo@python.org", "https://github.com/login/oauth"));
      throw new AssertionError("verified with the wrong identity");
    } catch (VerificationException e) {
      assertThat(e.reason()).isIn(Reason.IDENTITY_MISMATCH, Reason.ISSUER_MISMATCH);
    }
  }
}
