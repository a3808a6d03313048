package dev.provenant.verify.slsa.npm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleFormatException;
import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.core.intoto.StatementHeader;
import dev.provenant.core.intoto.Subject;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.json.JsonFormatException;
import dev.provenant.core.slsa.v02.ProvenanceV02;
import dev.provenant.core.slsa.v1.ProvenanceV1;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.slsa.BuilderId;
import dev.provenant.verify.slsa.Checks;
import dev.provenant.verify.slsa.GhaPolicy;
import dev.provenant.verify.slsa.GithubBuilders;
import dev.provenant.verify.slsa.SigstoreEvidence;
import dev.provenant.verify.slsa.SlsaPolicy;
import dev.provenant.verify.slsa.SlsaProvenance;
import dev.provenant.verify.slsa.SlsaProvenances;
import dev.provenant.verify.slsa.WorkflowIdentity;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;

/**
 * Verifies an npm package tarball against the registry's attestations (provenance signed by the
 * publishing workflow, publish attestation signed by the registry), in slsa-verifier's order.
 */
public final class NpmVerifier {
  static final String PUBLISH_PREFIX =
      "https://github.com/npm/attestation/tree/main/specs/publish/";
  static final Set<String> PROVENANCE_TYPES =
      Set.of(ProvenanceV02.PREDICATE_TYPE, ProvenanceV1.PREDICATE_TYPE);

  private final SigstoreEvidence sigstore;
  private final NpmKeys keys;

  private NpmVerifier(SigstoreEvidence sigstore, NpmKeys keys) {
    this.sigstore = sigstore;
    this.keys = keys;
  }

  /** A verifier using the Sigstore checks and the npm registry keys. */
  public static NpmVerifier create(SigstoreEvidence sigstore, NpmKeys keys) {
    return new NpmVerifier(sigstore, keys);
  }

  /**
   * What npm verification established.
   *
   * @param builderId the verified builder
   * @param sourceSha1 the source commit from the certificate
   */
  public record Result(BuilderId builderId, String sourceSha1) {}

  private record Attestations(byte[] provenance, byte[] publish) {}

  /**
   * Verifies the tarball with sha512 {@code sha512Hex}.
   *
   * @param policy source and builder expectations ({@code builderId} is required)
   * @param packageName expected package name, or null
   * @param packageVersion expected version, or null
   */
  public Result verify(
      byte[] attestationsJson,
      String sha512Hex,
      SlsaPolicy policy,
      String packageName,
      String packageVersion,
      Checks checks)
      throws VerificationException {
    Attestations atts = parse(attestationsJson);
    SigstoreEvidence.Signed prov =
        sigstore.verifyCertificateBundle(bundle(atts.provenance(), "provenance"), checks);
    BuilderId builder = verifyBuilder(prov, policy, sha512Hex, checks);
    Bundle publishBundle = bundle(atts.publish(), "publish");
    String hint = publishBundle.verificationMaterial().publicKeyHint().orElse("");
    PublicKey key =
        keys.find(hint, NpmKeys.ATTESTATIONS)
            .orElseThrow(
                () ->
                    new VerificationException(
                        "npm.publish-key",
                        Reason.PUBLIC_KEY_INVALID,
                        "no npm registry attestation key with this id",
                        "a key id of registry.npmjs.org/keys.json",
                        hint));
    SigstoreEvidence.Signed publish = sigstore.verifyKeyBundle(publishBundle, key, checks);
    checks.pass("npm.publish-signature", hint, "verified");
    verifyPublishDigest(publish.envelope(), sha512Hex);
    checks.pass("npm.publish-subject", "sha512:" + sha512Hex, "present");
    verifyHeaders(prov.envelope(), false);
    verifyHeaders(publish.envelope(), true);
    if (packageName != null) {
      String subject = provenanceSubject(builder, prov.envelope());
      if (!nameAndVersion(subject)[0].equals(packageName)) {
        throw mismatch(
            Reason.PACKAGE_NAME_MISMATCH,
            "npm.package-name",
            packageName,
            nameAndVersion(subject)[0]);
      }
      String[] pred = publishPredicate(publish.envelope());
      if (!nameAndVersion(pred[0])[0].equals(packageName)) {
        throw mismatch(
            Reason.PACKAGE_NAME_MISMATCH,
            "npm.package-name",
            packageName,
            nameAndVersion(pred[0])[0]);
      }
      if (!pred[0].equals(packageName)) {
        throw mismatch(Reason.PACKAGE_NAME_MISMATCH, "npm.package-name", packageName, pred[0]);
      }
      checks.pass("npm.package-name", packageName, subject);
    }
    if (packageVersion != null) {
      String subject = provenanceSubject(builder, prov.envelope());
      if (!nameAndVersion(subject)[1].equals(packageVersion)) {
        throw mismatch(
            Reason.PACKAGE_VERSION_MISMATCH,
            "npm.package-version",
            packageVersion,
            nameAndVersion(subject)[1]);
      }
      String[] pred = publishPredicate(publish.envelope());
      if (!pred[1].equals(packageVersion)) {
        throw mismatch(
            Reason.PACKAGE_VERSION_MISMATCH, "npm.package-version", packageVersion, pred[1]);
      }
      checks.pass("npm.package-version", packageVersion, subject);
    }
    return new Result(builder, WorkflowIdentity.fromCertificate(prov.leaf()).sourceSha1());
  }

  private static VerificationException mismatch(
      Reason r, String check, String expected, String actual) {
    return new VerificationException(
        check, r, "the attestations name another package", expected, actual);
  }

  private static VerificationException invalid(String detail) {
    return new VerificationException("npm.attestations", Reason.ATTESTATIONS_INVALID, detail);
  }

  private static Attestations parse(byte[] json) throws VerificationException {
    byte[] prov = null;
    byte[] pub = null;
    try {
      GoJson.Struct s = GoJson.struct(GoJson.parse(json), "attestations", false, "attestations");
      List<JsonNode> list = s.list("attestations");
      if (list.size() < 2) {
        throw invalid("expected at least 2 attestations, got " + list.size());
      }
      int i = 0;
      for (JsonNode a : list) {
        GoJson.Struct as =
            GoJson.struct(a, "attestations[" + i++ + "]", false, "predicateType", "bundle");
        String pt = as.string("predicateType");
        JsonNode b = as.raw("bundle");
        byte[] bytes = b == null ? new byte[0] : GoJson.mapper().writeValueAsBytes(b);
        if (PROVENANCE_TYPES.contains(pt)) {
          prov = bytes;
        }
        if (pt.startsWith(PUBLISH_PREFIX)) {
          pub = bytes;
        }
      }
    } catch (JsonFormatException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw invalid(e.getMessage());
    }
    if (prov == null || pub == null) {
      throw invalid(
          "invalid attestation types: need a SLSA provenance and an npm publish attestation");
    }
    return new Attestations(prov, pub);
  }

  private static Bundle bundle(byte[] json, String which) throws VerificationException {
    try {
      return Bundle.parse(json);
    } catch (BundleFormatException e) {
      throw new VerificationException(
          "npm." + which + "-bundle", Reason.BUNDLE_MALFORMED, e.getMessage());
    }
  }

  /** slsa-verifier's verifyNpmEnvAndCert + VerifyNpmPackageProvenance. */
  private BuilderId verifyBuilder(
      SigstoreEvidence.Signed prov, SlsaPolicy policy, String sha512Hex, Checks checks)
      throws VerificationException {
    WorkflowIdentity id = WorkflowIdentity.fromCertificate(prov.leaf());
    GhaPolicy.CertBuilder cb = null;
    try {
      cb =
          GhaPolicy.verifyBuilderIdentity(
              id,
              GithubBuilders.DELEGATOR_LOWPERMS,
              GhaPolicy.BYOB_DELEGATORS,
              policy.testing(),
              checks);
    } catch (VerificationException e) {
      // The npm CLI signs with the publishing workflow, which is no trusted builder.
      if (e.reason() != Reason.BUILDER_UNTRUSTED) {
        throw e;
      }
    }
    GhaPolicy.verifyCertificateSource(id, policy.sourceUri(), checks);
    String expected = policy.builderId();
    if (expected == null) {
      throw new VerificationException(
          "builder.id", Reason.BUILDER_ID_INVALID, "npm packages need --builder-id");
    }
    boolean trusted;
    BuilderId builder;
    String check = "npm.builder";
    if (cb != null) {
      if (!cb.byob()) {
        throw new VerificationException(
            check, Reason.BUILDER_UNTRUSTED, "the delegator is not a BYOB builder");
      }
      if (id.hosted() != null && !id.hosted().equals("github-hosted")) {
        throw new VerificationException(
            check,
            Reason.BUILDER_MISMATCH,
            "the builder ran on a self-hosted runner",
            "github-hosted",
            id.hosted());
      }
      trusted = true;
      builder = cb.id();
    } else {
      if (id.hosted() == null) {
        throw new VerificationException(
            check,
            Reason.NOT_SUPPORTED,
            "the certificate does not say where the runner was hosted");
      }
      switch (expected) {
        case GithubBuilders.NPM_CLI_LEGACY:
        case GithubBuilders.NPM_CLI_HOSTED:
          if (!id.hosted().equals("github-hosted")) {
            throw new VerificationException(
                check,
                Reason.BUILDER_MISMATCH,
                "the workflow ran on a self-hosted runner",
                "github-hosted",
                id.hosted());
          }
          break;
        case GithubBuilders.NPM_CLI_SELF_HOSTED:
          if (!id.hosted().equals("self-hosted")) {
            throw new VerificationException(
                check,
                Reason.BUILDER_MISMATCH,
                "the workflow ran on a GitHub-hosted runner",
                "self-hosted",
                id.hosted());
          }
          break;
        default:
          throw new VerificationException(
              check,
              Reason.NOT_SUPPORTED,
              "unsupported npm builder",
              GithubBuilders.NPM_CLI_HOSTED + " | " + GithubBuilders.NPM_CLI_SELF_HOSTED,
              expected);
      }
      trusted = false;
      builder = BuilderId.parse(check, expected, false);
    }
    SlsaProvenance p = SlsaProvenances.fromEnvelope(builder.name(), prov.envelope());
    verifyBuilderLoose(p, expected);
    checks.pass("provenance.builder-id", expected, p.builderId());
    GhaPolicy.verifyCommon(p, policy, sha512Hex, checks);
    if (!trusted) {
      NpmCertificateClaims.verify(p, id);
      checks.pass("npm.certificate-claims", "provenance matches certificate", "equal");
    }
    System.err.println("Verified build using builder " + builder + " at commit " + id.sourceSha1());
    return builder;
  }

  private static void verifyBuilderLoose(SlsaProvenance p, String expected)
      throws VerificationException {
    String check = "provenance.builder-id";
    BuilderId pb = BuilderId.parse(check, p.builderId(), false);
    try {
      pb.matchesLoose(check, expected, true);
    } catch (VerificationException e) {
      // Older provenance omits the "/github-hosted" suffix; it means GitHub-hosted.
      String alt =
          expected.endsWith("/github-hosted")
              ? expected.substring(0, expected.length() - "/github-hosted".length())
              : expected + "/github-hosted";
      try {
        pb.matchesLoose(check, alt, true);
      } catch (VerificationException e2) {
        throw e;
      }
    }
  }

  private static void verifyPublishDigest(DsseEnvelope env, String sha512Hex)
      throws VerificationException {
    List<Subject> subjects = header(env).subjects();
    if (subjects.isEmpty()) {
      throw new VerificationException(
          "npm.publish-subject", Reason.DSSE_PAYLOAD_INVALID, "no subjects");
    }
    int bits = sha512Hex.length() * 4;
    if (bits < 256) {
      throw new VerificationException(
          "npm.publish-subject", Reason.DIGEST_INVALID, "digest shorter than 256 bits");
    }
    String algo = "sha" + bits;
    for (Subject s : subjects) {
      if (sha512Hex.equals(s.digest(algo))) {
        return;
      }
    }
    throw new VerificationException(
        "npm.publish-subject",
        Reason.SUBJECT_DIGEST_MISMATCH,
        "the tarball is not the published one",
        algo + ":" + sha512Hex,
        subjects.size() + " subject(s)");
  }

  private static StatementHeader header(DsseEnvelope env) throws VerificationException {
    try {
      return StatementHeader.parse(env.payload());
    } catch (JsonFormatException e) {
      throw new VerificationException("npm.statement", Reason.DSSE_PAYLOAD_INVALID, e.getMessage());
    }
  }

  private static void verifyHeaders(DsseEnvelope env, boolean publish)
      throws VerificationException {
    String check = "npm.statement";
    StatementHeader h = header(env);
    if (!StatementHeader.PAYLOAD_TYPE.equals(env.payloadType())) {
      throw new VerificationException(
          check,
          Reason.DSSE_PAYLOAD_INVALID,
          "unexpected payload type",
          StatementHeader.PAYLOAD_TYPE,
          env.payloadType());
    }
    if (!h.isKnownType()) {
      throw new VerificationException(
          check,
          Reason.DSSE_PAYLOAD_INVALID,
          "unexpected statement type",
          StatementHeader.TYPE_V1,
          h.type());
    }
    boolean ok =
        publish
            ? h.predicateType().startsWith(PUBLISH_PREFIX)
            : PROVENANCE_TYPES.contains(h.predicateType());
    if (!ok) {
      throw new VerificationException(
          check,
          Reason.DSSE_PAYLOAD_INVALID,
          "unexpected predicate type",
          publish ? PUBLISH_PREFIX + "..." : String.join(" | ", PROVENANCE_TYPES),
          h.predicateType());
    }
  }

  private static String provenanceSubject(BuilderId b, DsseEnvelope env)
      throws VerificationException {
    SlsaProvenance p = SlsaProvenances.fromEnvelope(b.name(), env);
    List<Subject> subjects = p.subjects();
    if (subjects.size() != 1) {
      throw new VerificationException(
          "npm.subject",
          Reason.DSSE_PAYLOAD_INVALID,
          "expected one subject",
          "1",
          String.valueOf(subjects.size()));
    }
    String prefix = "pkg:npm/";
    String name = subjects.get(0).name();
    if (!name.startsWith(prefix)) {
      throw new VerificationException(
          "npm.subject",
          Reason.PROVENANCE_MALFORMED,
          "subject is not an npm package URL",
          prefix + "...",
          name);
    }
    try {
      return URLDecoder.decode(name.substring(prefix.length()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new VerificationException(
          "npm.subject", Reason.INPUT_MALFORMED, "subject is not URL-encoded: " + name);
    }
  }

  /** {@code [@scope/]name[@version]} split into name and version (version "" when absent). */
  static String[] nameAndVersion(String s) throws VerificationException {
    boolean scoped = s.startsWith("@");
    String n = scoped ? s.substring(1) : s;
    String[] parts = n.split("@", -1);
    if (parts.length > 2) {
      throw new VerificationException(
          "npm.subject", Reason.PROVENANCE_MALFORMED, "invalid package name", "name@version", s);
    }
    return new String[] {(scoped ? "@" : "") + parts[0], parts.length == 2 ? parts[1] : ""};
  }

  /** The publish predicate's name and version. */
  private static String[] publishPredicate(DsseEnvelope env) throws VerificationException {
    try {
      JsonNode n = GoJson.parse(env.payload());
      GoJson.Struct pred = GoJson.struct(n.get("predicate"), "predicate", false, "name", "version");
      return new String[] {pred.string("name"), pred.string("version")};
    } catch (JsonFormatException e) {
      throw new VerificationException("npm.statement", Reason.DSSE_PAYLOAD_INVALID, e.getMessage());
    }
  }
}
