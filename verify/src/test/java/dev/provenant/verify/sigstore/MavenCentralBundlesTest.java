package dev.provenant.verify.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleFormatException;
import dev.provenant.core.testing.Corpus;
import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.verify.Outcome;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real Maven Central artifacts with their {@code .jar.sigstore.json} bundles, resolved by Maven
 * (maven-dependency-plugin in this module's pom) into target/maven-central. The signer identities
 * below were read once from the certificates and are pinned here: the test checks them, it does not
 * derive them.
 */
class MavenCentralBundlesTest {
  static final String GHA = "https://token.actions.githubusercontent.com";
  private static final String SIGSTORE_JAVA =
      "https://github.com/sigstore/sigstore-java/.github/workflows/release-sigstore-java-from-tag.yaml@refs/tags/";

  /** jar file name to the identity that signed it. */
  static Map<String, String> signers() {
    Map<String, String> m = new TreeMap<>();
    for (String v : new String[] {"0.12.0", "1.0.0", "1.2.0", "1.3.0", "2.0.0"}) {
      m.put("sigstore-java-" + v + ".jar", SIGSTORE_JAVA + "v" + v);
    }
    m.put("sigstore-maven-plugin-2.0.0.jar", SIGSTORE_JAVA + "v2.0.0");
    m.put(
        "protobuf-specs-0.5.0.jar",
        "https://github.com/sigstore/protobuf-specs/.github/workflows/java-release.yml@refs/tags/release/java/v0.5.0");
    m.put(
        "maven-lockfile-5.18.3.jar",
        "https://github.com/chains-project/maven-lockfile/.github/workflows/jreleaser.yml@refs/heads/main");
    return m;
  }

  static Path dir() {
    Path d = Paths.get("target/maven-central");
    assertThat(d)
        .as("Maven resolves the Maven Central pairs in generate-test-resources")
        .isDirectory();
    return d;
  }

  static Iterable<String> jars() {
    return signers().keySet();
  }

  private static SigstoreVerifier verifier() throws Exception {
    return SigstoreVerifier.create(TrustRoots.embedded(false));
  }

  private static Bundle bundle(String jar) throws Exception {
    return Bundle.parse(Files.readAllBytes(dir().resolve(jar + ".sigstore.json")));
  }

  @ParameterizedTest
  @MethodSource("jars")
  void verify_withSignerIdentity_passes(String jar) throws Exception {
    VerifiedBundle v =
        verifier()
            .verify(
                bundle(jar),
                ArtifactInput.ofFile(dir().resolve(jar)),
                IdentityPolicy.exact(signers().get(jar), GHA));
    assertThat(v.identity().orElseThrow().san()).isEqualTo(signers().get(jar));
    assertThat(v.tlogEntries()).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("jars")
  void verify_withOtherIdentity_isIdentityMismatch(String jar) throws Exception {
    String other = signers().get(jar).replace("refs/", "refs/x");
    assertThatThrownBy(
            () ->
                verifier()
                    .verify(
                        bundle(jar),
                        ArtifactInput.ofFile(dir().resolve(jar)),
                        IdentityPolicy.exact(other, GHA)))
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.IDENTITY_MISMATCH));
    assertThatThrownBy(
            () ->
                verifier()
                    .verify(
                        bundle(jar),
                        ArtifactInput.ofFile(dir().resolve(jar)),
                        IdentityPolicy.exact(signers().get(jar), "https://accounts.google.com")))
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.ISSUER_MISMATCH));
  }

  @ParameterizedTest
  @MethodSource("jars")
  void verify_withOneArtifactByteChanged_isDigestMismatch(String jar) throws Exception {
    byte[] content = Files.readAllBytes(dir().resolve(jar));
    content[content.length / 2] ^= 0x01;
    assertThatThrownBy(
            () ->
                verifier()
                    .verify(
                        bundle(jar),
                        ArtifactInput.ofBytes(content),
                        IdentityPolicy.exact(signers().get(jar), GHA)))
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.ARTIFACT_DIGEST_MISMATCH));
  }

  /**
   * Changes every 97th byte of the bundle JSON in turn (a different byte each time): each mutant
   * must be rejected (a parse error or a failed check, never a pass and never an unchecked
   * exception), except where the change is semantically void (JSON whitespace, or a base64 variant
   * that decodes to the same bytes), which must then verify.
   */
  @ParameterizedTest
  @MethodSource("jars")
  void verify_withAnyBundleByteChanged_neverPassesWithChangedMeaning(String jar) throws Exception {
    byte[] original = Files.readAllBytes(dir().resolve(jar + ".sigstore.json"));
    Path artifact = dir().resolve(jar);
    SigstoreVerifier v = verifier();
    int rejected = 0;
    for (int i = 0; i < original.length; i += 97) {
      byte[] mutant = original.clone();
      mutant[i] = (byte) (mutant[i] == 'A' ? 'B' : mutant[i] == '"' ? 'x' : 'A');
      Bundle b;
      try {
        b = Bundle.parse(mutant);
      } catch (BundleFormatException e) {
        rejected++;
        continue;
      }
      try {
        v.verify(b, ArtifactInput.ofFile(artifact), IdentityPolicy.exact(signers().get(jar), GHA));
        // Passing is only acceptable when the parsed bundle means the same as the original.
        assertThat(sameMeaning(Bundle.parse(original), b))
            .as("mutant at byte " + i + " passed")
            .isTrue();
      } catch (VerificationException e) {
        assertThat(e.reason().outcome())
            .as("byte " + i + ": " + e.verdictLine())
            .isIn(Outcome.INVALID, Outcome.BAD_INPUT, Outcome.POLICY_MISMATCH);
        rejected++;
      }
    }
    assertThat(rejected).isGreaterThan(original.length / 97 / 2);
  }

  private static boolean sameMeaning(Bundle a, Bundle b) throws Exception {
    return a.messageSignature().equals(b.messageSignature())
        && a.verificationMaterial().tlogEntries().equals(b.verificationMaterial().tlogEntries())
        && a.verificationMaterial()
            .leafCertificate()
            .get()
            .equals(b.verificationMaterial().leafCertificate().get())
        && a.mediaType().equals(b.mediaType());
  }

  @ParameterizedTest
  @MethodSource("jars")
  void verify_withForeignTrustRoot_failsOnLogKey(String jar) throws Exception {
    TrustedRoot staging =
        TrustedRoot.parse(
            Files.readAllBytes(
                Corpus.dir("sigstore-java-samples/trustroot")
                    .resolve("staging_trusted_root.json")));
    assertThatThrownBy(
            () ->
                SigstoreVerifier.create(staging)
                    .verify(
                        bundle(jar),
                        ArtifactInput.ofFile(dir().resolve(jar)),
                        IdentityPolicy.exact(signers().get(jar), GHA)))
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TLOG_KEY_UNKNOWN));
  }
}
