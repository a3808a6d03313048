package dev.provenant.platform.assess;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.platform.release.ReleaseImage;
import dev.provenant.platform.release.ReleaseManifest;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.Checks;
import dev.provenant.verify.slsa.SlsaPolicy;
import dev.provenant.verify.slsa.SlsaVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The images of a release in its assessment: each image's provenance (the release's copy of the
 * bundle the platform attached in the registry) verified with Provenant's verifier against the
 * image's digest, by the same policy as the files' provenance.
 */
final class ImageEvidence {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ImageEvidence() {}

  /**
   * One image's result.
   *
   * @param image the released image
   * @param failure why its provenance did not verify, or null when it did
   */
  record Result(ReleaseImage image, VerificationException failure) {
    boolean passed() {
      return failure == null;
    }
  }

  /** Verifies each image's provenance file (in {@code filesDir}) against the image's digest. */
  static List<Result> verify(
      ReleaseManifest m, Path filesDir, VerifierSource verifiers, SlsaPolicy policy) {
    List<Result> out = new ArrayList<>();
    for (ReleaseImage i : m.images()) {
      try {
        byte[] bundle;
        try {
          bundle = Files.readAllBytes(filesDir.resolve(i.provenance()));
        } catch (IOException e) {
          throw new VerificationException(
              "provenance.file",
              Reason.NO_ATTESTATION,
              "the image's provenance file " + i.provenance() + " is not on disk");
        }
        verifiers
            .get()
            .verifyArtifact(
                bundle, i.sha256(), policy, SlsaVerifier.TlogMode.IGNORE, new Checks(), w -> {});
        out.add(new Result(i, null));
      } catch (VerificationException e) {
        out.add(new Result(i, e));
      }
    }
    return out;
  }

  /** The verifier, built on demand (it reads the trust material). */
  @FunctionalInterface
  interface VerifierSource {
    SlsaVerifier get() throws VerificationException;
  }

  static boolean allPassed(List<Result> rs) {
    return rs.stream().allMatch(Result::passed);
  }

  /** The evidence sentence the provenance rows append; empty without images. */
  static String evidence(List<Result> rs) {
    StringBuilder b = new StringBuilder();
    for (Result r : rs) {
      ReleaseImage i = r.image();
      b.append("; image ")
          .append(i.reference())
          .append(" (")
          .append(String.join(", ", i.platforms()))
          .append(")");
      if (r.passed()) {
        b.append(" is the subject of its verified provenance ")
            .append(i.provenance())
            .append(", the bundle the platform attached to it in the registry");
      } else {
        b.append(": No: ").append(r.failure().verdictLine());
      }
    }
    return b.toString();
  }

  /** The images as the assessment's details list them. */
  static ArrayNode json(List<Result> rs) {
    ArrayNode a = JSON.createArrayNode();
    for (Result r : rs) {
      ReleaseImage i = r.image();
      ObjectNode o = a.addObject();
      o.put("reference", i.reference());
      o.put("mediaType", i.mediaType());
      i.platforms().forEach(o.putArray("platforms")::add);
      o.put("provenanceFile", i.provenance());
      o.put("verified", r.passed());
      if (!r.passed()) {
        o.put("detail", r.failure().verdictLine());
      }
    }
    return a;
  }
}
