package dev.provenant.verify.sigstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleFormatException;
import dev.provenant.core.testing.Corpus;
import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * sigstore-java's sample bundles (every key type, Rekor v1/v2, TSA, DSSE), with the verdict their
 * file names call for and, for failures, the Reason.
 */
class SigstoreJavaSamplesTest {
  private static Reason verify(String file, String root) throws Exception {
    Path dir = Corpus.dir("sigstore-java-samples/samples/bundles");
    TrustedRoot tr =
        TrustedRoot.parse(
            Files.readAllBytes(
                root.equals("public-good")
                    ? Corpus.dir("trust").resolve("public-good-trusted_root.json")
                    : Corpus.dir("sigstore-java-samples/trustroot").resolve(root)));
    Bundle b;
    try {
      b = Bundle.parse(Files.readAllBytes(dir.resolve(file)));
    } catch (BundleFormatException e) {
      return Reason.BUNDLE_MALFORMED;
    }
    try {
      SigstoreVerifier.create(tr)
          .verify(
              b,
              ArtifactInput.ofFile(dir.resolve("artifact.txt")),
              IdentityPolicy.anyCertificate());
      return null;
    } catch (VerificationException e) {
      return e.reason();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "PKIX_ECDSA_P256_SHA_256.sigstore.json, trusted_root.json,",
    "PKIX_ECDSA_P384_SHA_384.sigstore.json, trusted_root.json,",
    "PKIX_ECDSA_P521_SHA_512.sigstore.json, trusted_root.json,",
    "PKIX_RSA_PKCS1V15_2048_SHA256.sigstore.json, trusted_root.json,",
    "PKIX_RSA_PKCS1V15_3072_SHA256.sigstore.json, trusted_root.json,",
    "PKIX_RSA_PKCS1V15_4096_SHA256.sigstore.json, trusted_root.json,",
    "bundle.sigstore, trusted_root.json,",
    "bundle.v1.sigstore, trusted_root.json,",
    "bundle.v2.sigstore, trusted_root.json,",
    "bundle.v3.sigstore, trusted_root.json,",
    "bundle.v3_1.sigstore, trusted_root.json,",
    "bundle.dsse.sigstore, trusted_root.json,",
    "bundle.dsse.rekor-v2.sigstore, public-good,",
    "bundle-with-timestamp.sigstore, staging_trusted_root.json,",
    "bundle-with-rekor-v2-entry.sigstore, staging_trusted_root.json,",
    "bundle-no-digest.sigstore, public-good, BUNDLE_MALFORMED",
    "bundle.v2.no.inclusion.sigstore, public-good, BUNDLE_MALFORMED",
    "bundle.v3.no.inclusion.sigstore, public-good, BUNDLE_MALFORMED",
    "bundle-with-bad-checkpoint-signature.sigstore, public-good, TLOG_CHECKPOINT_INVALID",
    "bundle-with-expired-cert.sigstore, public-good, CERTIFICATE_NOT_VALID_AT_SIGNING_TIME",
    "bundle-with-mismatched-set.sigstore, public-good, TLOG_SET_INVALID",
    "bundle-with-wrong-tlog-entry.sigstore, public-good, TLOG_BODY_MISMATCH",
    "bundle.dsse.bad-signature.sigstore, public-good, TLOG_BODY_MISMATCH",
    "bundle.dsse.mismatched-envelope.sigstore, public-good, TLOG_BODY_MISMATCH",
    "bundle.dsse.mismatched-signature.sigstore, public-good, TLOG_BODY_MISMATCH",
    "bundle.dsse.rekor-v2.bad-entry-type.sigstore, staging_trusted_root.json, TLOG_ENTRY_INVALID",
  })
  void verify_sample_givesVerdictItsNameCallsFor(String file, String root, String reason)
      throws Exception {
    Reason want = reason == null ? null : Reason.valueOf(reason);
    assertThat(verify(file, root)).as(file).isEqualTo(want);
  }
}
