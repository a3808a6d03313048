package dev.provenant.verify.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.testing.Corpus;
import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real attestation from GitHub's Sigstore instance for a private repository: no log entry, no
 * SCT, an RFC 3161 timestamp; its trusted root (line 2 of {@code gh attestation trusted-root})
 * lists Fulcio CAs and timestamp authorities only. Requirements follow the trust root, so it
 * verifies there, and each requirement comes back as soon as the root lists what it needs.
 */
class LoglessInstanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUBJECT =
      "caa015ef69e9bc31a41322d6c71563ed9600c75bb988e4d639b1edc578580551";
  private static final IdentityPolicy SIGNER =
      IdentityPolicy.exact(
          "https://github.com/neverendingsupport/slsa-attestations/.github/workflows/attest.yml@9f6d9dc1bfc02986955721eb15f89ad618f1cedb",
          "https://token.actions.githubusercontent.com");

  @TempDir Path tmp;

  private static Path dir() {
    return Corpus.dir("sigstore-java-samples/samples/bundles/github-private-no-tlog");
  }

  private static Bundle bundle() throws Exception {
    return Bundle.parse(Files.readAllBytes(dir().resolve("attestation.sigstore.json")));
  }

  private static ObjectNode githubRoot() throws Exception {
    List<String> lines = Files.readAllLines(dir().resolve("trusted_root.jsonl"));
    return (ObjectNode) JSON.readTree(lines.get(1));
  }

  private static ArtifactInput subject(String hex) {
    return ArtifactInput.ofSha256(dev.provenant.core.encoding.Hex.decode(hex));
  }

  private static Reason reason(TrustedRoot root, Bundle b, IdentityPolicy p) {
    try {
      SigstoreVerifier.create(root).verify(b, subject(SUBJECT), p);
      return null;
    } catch (VerificationException e) {
      return e.reason();
    }
  }

  @Test
  void githubPrivateAttestation_withGithubRoot_verifiesOnTheTimestamp() throws Exception {
    SigstoreVerifier v =
        SigstoreVerifier.create(TrustedRoot.parse(JSON.writeValueAsBytes(githubRoot())));
    List<Check> checks = new ArrayList<>();
    VerifiedBundle vb = v.verify(bundle(), subject(SUBJECT), SIGNER, checks);
    assertThat(v.requiresNoLogEntry()).isTrue();
    assertThat(vb.tlogEntries()).isEmpty();
    assertThat(vb.timestamps()).hasSize(1);
    assertThat(vb.timestamps().get(0).source()).isEqualTo("tsa");
    assertThat(checks)
        .anySatisfy(
            c -> {
              assertThat(c.name()).isEqualTo("tlog.entries");
              assertThat(c.detail()).startsWith("not required");
            });
    assertThat(checks)
        .anySatisfy(
            c -> {
              assertThat(c.name()).isEqualTo("certificate.sct");
              assertThat(c.detail()).startsWith("not required");
            });
  }

  @Test
  void githubPrivateAttestation_withPublicGoodRoot_needsALogEntry() throws Exception {
    assertThat(reason(Corpus.publicGoodRoot(), bundle(), SIGNER))
        .isEqualTo(Reason.TLOG_ENTRY_NOT_FOUND);
  }

  /** GitHub's root with one list (tlogs or ctlogs) taken from the public-good root. */
  private static TrustedRoot githubRootWithPublicGood(String list) throws Exception {
    ObjectNode root = githubRoot();
    ObjectNode pg =
        (ObjectNode)
            JSON.readTree(
                Files.readAllBytes(Corpus.dir("trust").resolve("public-good-trusted_root.json")));
    root.set(list, pg.get(list));
    return TrustedRoot.parse(JSON.writeValueAsBytes(root));
  }

  @Test
  void githubRoot_listingALog_requiresALogEntry() throws Exception {
    assertThat(reason(githubRootWithPublicGood("tlogs"), bundle(), SIGNER))
        .isEqualTo(Reason.TLOG_ENTRY_NOT_FOUND);
  }

  @Test
  void githubRoot_listingACtLog_requiresAnSct() throws Exception {
    assertThat(reason(githubRootWithPublicGood("ctlogs"), bundle(), SIGNER))
        .isEqualTo(Reason.SCT_MISSING);
  }

  @Test
  void githubRoot_withoutTimestampAuthorities_hasNoVerifiedTime() throws Exception {
    ObjectNode root = githubRoot();
    root.set("timestampAuthorities", JSON.createArrayNode());
    Reason r = reason(TrustedRoot.parse(JSON.writeValueAsBytes(root)), bundle(), SIGNER);
    assertThat(r).isEqualTo(Reason.TIMESTAMP_INVALID);
  }

  @Test
  void githubPrivateAttestation_withoutItsTimestamp_hasNoVerifiedTime() throws Exception {
    ObjectNode b =
        (ObjectNode) JSON.readTree(Files.readAllBytes(dir().resolve("attestation.sigstore.json")));
    ((ObjectNode) b.get("verificationMaterial")).remove("timestampVerificationData");
    TrustedRoot root = TrustedRoot.parse(JSON.writeValueAsBytes(githubRoot()));
    assertThat(reason(root, Bundle.parse(JSON.writeValueAsBytes(b)), SIGNER))
        .isEqualTo(Reason.NO_VERIFIED_TIME);
  }

  @Test
  void githubPrivateAttestation_withATamperedTimestamp_fails() throws Exception {
    ObjectNode b =
        (ObjectNode) JSON.readTree(Files.readAllBytes(dir().resolve("attestation.sigstore.json")));
    ObjectNode ts =
        (ObjectNode) b.at("/verificationMaterial/timestampVerificationData/rfc3161Timestamps/0");
    byte[] token = Base64.getDecoder().decode(ts.get("signedTimestamp").asText());
    token[token.length - 10] ^= 1; // inside the TSA's signature
    ts.put("signedTimestamp", Base64.getEncoder().encodeToString(token));
    TrustedRoot root = TrustedRoot.parse(JSON.writeValueAsBytes(githubRoot()));
    assertThat(reason(root, Bundle.parse(JSON.writeValueAsBytes(b)), SIGNER))
        .isEqualTo(Reason.TIMESTAMP_INVALID);
  }

  @Test
  void githubPrivateAttestation_otherIdentity_isAPolicyMismatch() throws Exception {
    TrustedRoot root = TrustedRoot.parse(JSON.writeValueAsBytes(githubRoot()));
    IdentityPolicy other =
        IdentityPolicy.exact(
            "https://github.com/neverendingsupport/slsa-attestations/.github/workflows/other.yml@9f6d9dc1bfc02986955721eb15f89ad618f1cedb",
            "https://token.actions.githubusercontent.com");
    assertThat(reason(root, bundle(), other)).isEqualTo(Reason.IDENTITY_MISMATCH);
  }

  @Test
  void githubPrivateAttestation_otherArtifact_isNotASubject() throws Exception {
    TrustedRoot root = TrustedRoot.parse(JSON.writeValueAsBytes(githubRoot()));
    try {
      SigstoreVerifier.create(root).verify(bundle(), subject("d" + SUBJECT.substring(1)), SIGNER);
      throw new AssertionError("verified a digest that is not a subject");
    } catch (VerificationException e) {
      assertThat(e.reason()).isEqualTo(Reason.SUBJECT_DIGEST_MISMATCH);
    }
  }

  @Test
  void allFromFile_jsonLines_readsEveryRoot_andTheBundlePicksGithubs() throws Exception {
    List<TrustedRoot> roots = TrustRoots.allFromFile(dir().resolve("trusted_root.jsonl"));
    assertThat(roots).hasSize(2);
    TrustedRoot picked = TrustRoots.forBundle(roots, bundle());
    assertThat(picked).isSameAs(roots.get(1));
    assertThat(
            SigstoreVerifier.create(picked).verify(bundle(), subject(SUBJECT), SIGNER).timestamps())
        .hasSize(1);
    // A public-good bundle picks the public-good root.
    Bundle pg =
        Bundle.parse(
            Files.readAllBytes(
                Corpus.dir("sigstore-java-samples/samples/bundles").resolve("bundle.v3.sigstore")));
    assertThat(TrustRoots.forBundle(roots, pg)).isSameAs(roots.get(0));
  }

  @Test
  void fromFile_severalRoots_isMalformedForACommandTakingOne() throws Exception {
    // Located outside the lambda: a locator failure must not count as the exception under test.
    Path severalRoots = dir().resolve("trusted_root.jsonl");
    assertThat(severalRoots).isRegularFile();
    assertThatThrownBy(() -> TrustRoots.fromFile(severalRoots))
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TRUST_ROOT_MALFORMED));
  }

  @Test
  void allFromFile_prettyPrintedSingleRoot_isOneRoot() throws Exception {
    Path pretty = tmp.resolve("root.json");
    Files.writeString(
        pretty,
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(githubRoot()),
        StandardCharsets.UTF_8);
    assertThat(TrustRoots.allFromFile(pretty)).hasSize(1);
    Path bad = tmp.resolve("bad.jsonl");
    Files.writeString(
        bad,
        JSON.writeValueAsString(githubRoot()) + "\n{\"mediaType\": 7}\n",
        StandardCharsets.UTF_8);
    assertThatThrownBy(() -> TrustRoots.allFromFile(bad))
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TRUST_ROOT_MALFORMED));
  }
}
