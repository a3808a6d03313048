package dev.provenant.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleFormatException;
import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.core.x509.Certificates;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.sigstore.ArtifactInput;
import dev.provenant.verify.sigstore.Check;
import dev.provenant.verify.sigstore.CryptoWarmUp;
import dev.provenant.verify.sigstore.IdentityPolicy;
import dev.provenant.verify.sigstore.SigstoreVerifier;
import dev.provenant.verify.sigstore.TrustRoots;
import dev.provenant.verify.sigstore.VerifiedBundle;
import dev.provenant.verify.sigstore.VerifiedTimestamp;
import dev.provenant.verify.sigstore.VerifiedTlogEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant verify-bundle}: the sigstore-conformance verify-bundle protocol. Never touches
 * the network: trust comes from {@code --trusted-root} or the embedded public-good root.
 */
@Command(
    name = "verify-bundle",
    mixinStandardHelpOptions = true,
    description = "Verify a Sigstore bundle against an artifact (path or sha256:HEX), offline.")
final class VerifyBundleCommand implements Callable<Integer> {
  @Option(
      names = "--bundle",
      required = true,
      paramLabel = "BUNDLE",
      description = "The Sigstore bundle (.sigstore.json).")
  Path bundlePath;

  @Mixin KeylessFlags keyless;

  @Option(
      names = "--key",
      paramLabel = "PEM",
      description = "Public key (PEM) for key-signed bundles.")
  Path keyPath;

  @Option(
      names = "--trusted-root",
      paramLabel = "FILE",
      description = "trusted_root.json to trust instead of the embedded public-good root.")
  Path trustedRoot;

  @Option(names = "--staging", description = "Use the embedded Sigstore staging trust root.")
  boolean staging;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (default) or json (every check plus facts on stdout).")
  String format;

  @Parameters(
      index = "0",
      paramLabel = "FILE_OR_DIGEST",
      description = "The artifact path, or sha256:<hex>.")
  String artifact;

  @Override
  public Integer call() {
    StartupTrace.mark("verify-bundle: arguments parsed");
    boolean json = "json".equals(format);
    if (!json && !"text".equals(format)) {
      return Verdicts.usage("--format must be text or json, got " + format);
    }
    List<Check> checks = new ArrayList<>();
    // One-shot run: the other core warms the ECDSA code and hashes the artifact meanwhile
    // (for measuring: -Dprovenant.overlap=false turns both off, =hash keeps only the hashing).
    String overlapMode = System.getProperty("provenant.overlap", "");
    boolean overlap = !"false".equals(overlapMode);
    if (overlap && !"hash".equals(overlapMode)) {
      CryptoWarmUp.start();
    }
    try {
      IdentityPolicy policy = policy();
      ArtifactInput input = artifactInput();
      if (overlap) {
        input.prefetchSha256();
      }
      StartupTrace.mark("verify-bundle: policy and artifact input");
      // A --trusted-root file may hold several roots (JSON Lines, as `gh attestation
      // trusted-root` writes them): the bundle's certificate issuer picks one.
      List<TrustedRoot> roots =
          trustedRoot != null
              ? TrustRoots.allFromFile(trustedRoot)
              : List.of(TrustRoots.embedded(staging));
      StartupTrace.mark("verify-bundle: trusted root parsed");
      Bundle bundle = readBundle();
      StartupTrace.mark("verify-bundle: bundle parsed");
      SigstoreVerifier verifier = SigstoreVerifier.create(TrustRoots.forBundle(roots, bundle));
      VerifiedBundle v = verifier.verify(bundle, input, policy, checks);
      StartupTrace.mark("verify-bundle: verified");
      if (json) {
        printJson(v, null, checks);
      }
      String who = v.identity().map(i -> i.san() + " (" + i.issuer() + ")").orElse("the given key");
      String logs =
          verifier.requiresNoLogEntry()
              ? "no transparency log in the trusted root (time from a timestamp authority)"
              : v.tlogEntries().size() + " log entr" + (v.tlogEntries().size() == 1 ? "y" : "ies");
      System.err.println(
          "PASSED: signed by "
              + who
              + "; "
              + logs
              + ", "
              + v.timestamps().size()
              + " verified time(s)");
      return ExitCode.VERIFIED.code();
    } catch (VerificationException e) {
      if (json) {
        printJson(null, e, checks);
      }
      return Verdicts.fail(e);
    }
  }

  private IdentityPolicy policy() throws VerificationException {
    int modes = (keyPath != null ? 1 : 0) + (keyless.identityGiven() ? 1 : 0);
    if (modes != 1) {
      throw new VerificationException(
          "usage",
          Reason.USAGE,
          "give either --key, or --certificate-identity[-regexp] with --certificate-oidc-issuer[-regexp]");
    }
    if (keyPath != null) {
      try {
        String pem = Files.readString(keyPath, StandardCharsets.US_ASCII);
        PublicKey k = Certificates.publicKeyFromPem(pem);
        return IdentityPolicy.publicKey(k);
      } catch (IOException e) {
        throw new VerificationException(
            "usage",
            Reason.INPUT_UNREADABLE,
            "cannot read --key " + keyPath + ": " + e.getMessage());
      } catch (InvalidKeySpecException e) {
        throw new VerificationException(
            "usage",
            Reason.INPUT_MALFORMED,
            "--key " + keyPath + " is not a PEM public key: " + e.getMessage());
      }
    }
    return keyless.policy();
  }

  private ArtifactInput artifactInput() throws VerificationException {
    if (artifact.startsWith("sha256:")) {
      try {
        return ArtifactInput.ofSha256(artifact);
      } catch (IllegalArgumentException e) {
        throw new VerificationException("usage", Reason.USAGE, e.getMessage());
      }
    }
    Path p = Paths.get(artifact);
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      throw new VerificationException(
          "artifact", Reason.INPUT_UNREADABLE, "not a readable file: " + artifact);
    }
    return ArtifactInput.ofFile(p);
  }

  private Bundle readBundle() throws VerificationException {
    byte[] b;
    try {
      b = Files.readAllBytes(bundlePath);
    } catch (IOException e) {
      throw new VerificationException(
          "bundle",
          Reason.INPUT_UNREADABLE,
          "cannot read bundle " + bundlePath + ": " + e.getMessage());
    }
    try {
      return Bundle.parse(b);
    } catch (BundleFormatException e) {
      throw new VerificationException(
          "bundle.parse",
          e.unsupportedVersion() ? Reason.UNSUPPORTED_FORMAT : Reason.BUNDLE_MALFORMED,
          e.getMessage());
    }
  }

  private static void printJson(VerifiedBundle v, VerificationException e, List<Check> checks) {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode out = m.createObjectNode();
    out.put("verdict", e == null ? "PASSED" : "FAILED");
    if (e != null) {
      out.put("check", e.check());
      out.put("reason", e.reason().name());
      out.put("detail", e.getMessage());
      out.put("expected", e.expected());
      out.put("actual", e.actual());
    }
    ArrayNode cs = out.putArray("checks");
    for (Check c : checks) {
      ObjectNode o = cs.addObject();
      o.put("name", c.name());
      o.put("passed", c.passed());
      o.put("expected", c.expected());
      o.put("actual", c.actual());
      o.put("detail", c.detail());
    }
    if (v != null) {
      ObjectNode f = out.putObject("facts");
      f.put("mediaType", v.bundle().mediaType());
      v.identity()
          .ifPresent(
              i -> {
                f.put("identity", i.san());
                f.put("issuer", i.issuer());
                ObjectNode ext = f.putObject("extensions");
                i.extensions().forEach(ext::put);
              });
      f.put("artifactSha256", v.artifactSha256());
      ArrayNode ts = f.putArray("timestamps");
      for (VerifiedTimestamp t : v.timestamps()) {
        ts.addObject()
            .put("source", t.source())
            .put("authority", t.authority())
            .put("time", t.time().toString());
      }
      ArrayNode tl = f.putArray("tlogEntries");
      for (VerifiedTlogEntry t : v.tlogEntries()) {
        tl.addObject()
            .put("logIndex", t.logIndex())
            .put("logId", t.logIdHex())
            .put("log", t.logUrl())
            .put("kind", t.kind())
            .put("integratedTime", t.integratedTime());
      }
    }
    try {
      System.out.println(m.writeValueAsString(out));
    } catch (IOException ex) {
      System.err.println("cannot write JSON: " + ex.getMessage());
    }
  }
}
