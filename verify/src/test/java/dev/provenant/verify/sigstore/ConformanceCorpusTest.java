package dev.provenant.verify.sigstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleFormatException;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.testing.Corpus;
import dev.provenant.core.trustroot.TrustRootFormatException;
import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.core.x509.Certificates;
import dev.provenant.verify.VerificationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The sigstore-conformance bundle-verification suite, in process: every case directory is run with
 * the artifact path and with its sha256 digest (140 runs), exactly as run-offline.py builds them.
 */
class ConformanceCorpusTest {
  private static final String IDENTITY =
      "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/"
          + ".github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
  private static final String ISSUER = "https://token.actions.githubusercontent.com";

  /** Runs one case; true when it verified. Every failure must be a typed VerificationException. */
  static boolean run(Path dir, boolean digest) throws Exception {
    Path assets = dir.getParent();
    Path artifact =
        Files.exists(dir.resolve("artifact")) ? dir.resolve("artifact") : assets.resolve("a.txt");
    String identity =
        Files.exists(dir.resolve("identity"))
            ? Files.readString(dir.resolve("identity")).strip()
            : IDENTITY;
    String issuer =
        Files.exists(dir.resolve("issuer"))
            ? Files.readString(dir.resolve("issuer")).strip()
            : ISSUER;
    try {
      TrustedRoot root;
      try {
        root =
            Files.exists(dir.resolve("trusted_root.json"))
                ? TrustedRoot.parse(Files.readAllBytes(dir.resolve("trusted_root.json")))
                : Corpus.publicGoodRoot();
      } catch (TrustRootFormatException e) {
        return false;
      }
      Bundle bundle;
      try {
        bundle = Bundle.parse(Files.readAllBytes(dir.resolve("bundle.sigstore.json")));
      } catch (BundleFormatException e) {
        return false;
      }
      IdentityPolicy policy =
          Files.exists(dir.resolve("key.pub"))
              ? IdentityPolicy.publicKey(
                  Certificates.publicKeyFromPem(
                      Files.readString(dir.resolve("key.pub"), StandardCharsets.US_ASCII)))
              : IdentityPolicy.exact(identity, issuer);
      ArtifactInput in =
          digest
              ? ArtifactInput.ofSha256(Sha256.hashFile(artifact))
              : ArtifactInput.ofFile(artifact);
      SigstoreVerifier.create(root).verify(bundle, in, policy);
      return true;
    } catch (VerificationException e) {
      return false;
    }
  }

  static List<Path> cases() throws Exception {
    try (Stream<Path> s = Files.list(Corpus.dir("sigstore-conformance/assets/bundle-verify"))) {
      return s.filter(Files::isDirectory).sorted().collect(Collectors.toList());
    }
  }

  @TestFactory
  List<DynamicTest> verify_eachConformanceCase_givesExpectedVerdict() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path dir : cases()) {
      boolean expectFail = dir.getFileName().toString().endsWith("_fail");
      for (boolean digest : new boolean[] {false, true}) {
        String name = (digest ? "DIGEST-" : "PATH-") + dir.getFileName();
        tests.add(
            DynamicTest.dynamicTest(
                name, () -> assertThat(run(dir, digest)).as(name).isEqualTo(!expectFail)));
      }
    }
    return tests;
  }

  @Test
  void verify_wholeSuite_passes140of140() throws Exception {
    int ok = 0;
    int total = 0;
    for (Path dir : cases()) {
      boolean expectFail = dir.getFileName().toString().endsWith("_fail");
      for (boolean digest : new boolean[] {false, true}) {
        total++;
        if (run(dir, digest) != expectFail) {
          ok++;
        }
      }
    }
    assertThat(total).isEqualTo(140);
    assertThat(ok).isEqualTo(140);
  }
}
