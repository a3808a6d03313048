package dev.provenant.verify.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.json.JsonFormatException;
import dev.provenant.core.json.ProtoJson;
import dev.provenant.core.trustroot.CertificateAuthority;
import dev.provenant.core.trustroot.TrustRootFormatException;
import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Loads trust roots: a trusted_root.json file, or the one embedded in the jar (the public-good
 * Sigstore instance's, from the {@code @sigstore/tuf} seed together with its TUF metadata so a
 * later {@code trust update} can refresh it).
 */
public final class TrustRoots {
  /** Resource folder of the embedded public-good trust material. */
  public static final String PUBLIC_GOOD = "/dev/provenant/verify/trust/public-good/";

  /** Resource folder of the embedded staging trust material. */
  public static final String STAGING = "/dev/provenant/verify/trust/staging/";

  /** The public-good Sigstore TUF repository, the key of its entry in seeds.json. */
  public static final String PUBLIC_GOOD_TUF_REPOSITORY = "https://tuf-repo-cdn.sigstore.dev";

  private TrustRoots() {}

  /**
   * Reads and parses a trusted_root.json file.
   *
   * @throws VerificationException {@code TRUST_ROOT_MISSING} if unreadable, {@code
   *     TRUST_ROOT_MALFORMED} if it does not parse
   */
  public static TrustedRoot fromFile(Path file) throws VerificationException {
    List<TrustedRoot> roots = allFromFile(file);
    if (roots.size() != 1) {
      throw new VerificationException(
          "trust-root",
          Reason.TRUST_ROOT_MALFORMED,
          file + " holds " + roots.size() + " trusted roots (JSON Lines); this command takes one",
          "1",
          String.valueOf(roots.size()));
    }
    return roots.get(0);
  }

  /**
   * Reads one trusted_root.json, or several as JSON Lines (one root per line, as {@code gh
   * attestation trusted-root} writes the public-good instance's and GitHub's).
   *
   * @throws VerificationException {@code TRUST_ROOT_MISSING} if unreadable or empty, {@code
   *     TRUST_ROOT_MALFORMED} if a root does not parse
   */
  public static List<TrustedRoot> allFromFile(Path file) throws VerificationException {
    byte[] json;
    try {
      json = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new VerificationException(
          "trust-root", Reason.TRUST_ROOT_MISSING, "no such trusted root file: " + file);
    } catch (IOException e) {
      throw new VerificationException(
          "trust-root",
          Reason.TRUST_ROOT_MISSING,
          "cannot read trusted root " + file + ": " + e.getMessage());
    }
    List<byte[]> lines = jsonLines(json);
    if (lines.size() <= 1) {
      return List.of(parse(json, file.toString()));
    }
    List<TrustedRoot> roots = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      roots.add(parse(lines.get(i), file + " line " + (i + 1)));
    }
    return List.copyOf(roots);
  }

  /**
   * Of several trust roots (as {@code gh attestation trusted-root} lists them), the one for {@code
   * bundle}: the first that holds a Fulcio CA certificate whose subject is the issuer of the
   * bundle's signing certificate; otherwise (a key-signed bundle, or no such CA) the first, against
   * which verification then reports the failure. Only a name is compared here; the chosen root's
   * verifier checks the signatures.
   *
   * @throws IllegalArgumentException if {@code roots} is empty
   */
  public static TrustedRoot forBundle(List<TrustedRoot> roots, Bundle bundle) {
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("no trusted root");
    }
    X509Certificate leaf = bundle.verificationMaterial().leafCertificate().orElse(null);
    if (leaf != null && roots.size() > 1) {
      for (TrustedRoot root : roots) {
        for (CertificateAuthority ca : root.certificateAuthorities()) {
          for (X509Certificate c : ca.certChain()) {
            if (c.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
              return root;
            }
          }
        }
      }
    }
    return roots.get(0);
  }

  /**
   * The non-blank lines of {@code json} when it is JSON Lines (every such line starts with
   * {@code {}), else a single element: a pretty-printed root spans lines that do not.
   */
  private static List<byte[]> jsonLines(byte[] json) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= json.length; i++) {
      if (i == json.length || json[i] == '\n') {
        int a = start;
        int b = i;
        while (a < b && Character.isWhitespace(json[a])) {
          a++;
        }
        while (b > a && Character.isWhitespace(json[b - 1])) {
          b--;
        }
        if (a < b) {
          if (json[a] != '{' || json[b - 1] != '}') {
            return List.of(json);
          }
          out.add(Arrays.copyOfRange(json, a, b));
        }
        start = i + 1;
      }
    }
    return out.isEmpty() ? List.of(json) : out;
  }

  /**
   * The embedded trusted root ({@code staging} false: public good).
   *
   * <p>The jar carries the {@code seeds.json} of the npm package {@code @sigstore/tuf} (fetched and
   * checked against its pinned sha512 at build time): the TUF root metadata of the Sigstore TUF
   * repository and its {@code trusted_root.json} target, so a later {@code trust update} can start
   * from that TUF root. A plain {@code trusted_root.json} resource, where present, is used as is.
   *
   * @throws VerificationException {@code TRUST_ROOT_MISSING} when the jar carries none
   */
  public static TrustedRoot embedded(boolean staging) throws VerificationException {
    String dir = staging ? STAGING : PUBLIC_GOOD;
    String what = staging ? "staging" : "public-good";
    try {
      byte[] plain = resource(dir + "trusted_root.json");
      if (plain != null) {
        return parse(plain, "embedded " + dir + "trusted_root.json");
      }
      if (staging) {
        // Only the public-good seed ships with the jar (the npm package carries no staging seed).
        throw new VerificationException(
            "trust-root",
            Reason.TRUST_ROOT_MISSING,
            "no embedded " + what + " trusted root; pass --trusted-root");
      }
      return parse(
          seedTarget(publicGoodSeeds(), "trusted_root.json"), "embedded public-good seeds.json");
    } catch (IOException e) {
      throw new VerificationException(
          "trust-root",
          Reason.TRUST_ROOT_MISSING,
          "cannot read embedded trusted root: " + e.getMessage());
    }
  }

  /**
   * A target file of the embedded public-good TUF seed, e.g. {@code trusted_root.json} or {@code
   * registry.npmjs.org/keys.json}.
   *
   * @throws VerificationException {@code TRUST_ROOT_MISSING} when the seed or the target is absent
   */
  public static byte[] embeddedSeedTarget(String target) throws VerificationException {
    return seedTarget(publicGoodSeeds(), target);
  }

  /**
   * The embedded public-good seeds.json, read and parsed once per process (npm checks read it
   * twice).
   */
  private static volatile JsonNode publicGoodSeeds;

  private static JsonNode publicGoodSeeds() throws VerificationException {
    JsonNode s = publicGoodSeeds;
    if (s == null) {
      byte[] seeds;
      try {
        seeds = resource(PUBLIC_GOOD + "seeds.json");
      } catch (IOException e) {
        throw new VerificationException(
            "trust-root",
            Reason.TRUST_ROOT_MISSING,
            "cannot read embedded TUF seed: " + e.getMessage());
      }
      if (seeds == null) {
        throw new VerificationException(
            "trust-root", Reason.TRUST_ROOT_MISSING, "no embedded TUF seed");
      }
      s = parseSeeds(seeds);
      publicGoodSeeds = s;
    }
    return s;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = TrustRoots.class.getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    }
  }

  private static JsonNode parseSeeds(byte[] seeds) throws VerificationException {
    try {
      // Streaming tree read (no ObjectMapper): this runs on every verification's start.
      return ProtoJson.parseObject(seeds, "seeds.json");
    } catch (JsonFormatException e) {
      throw new VerificationException(
          "trust-root", Reason.TRUST_ROOT_MALFORMED, "embedded TUF seed: " + e.getMessage());
    }
  }

  /** seeds.json maps a TUF repository URL to {"root.json": b64, "targets": {name: b64}}. */
  private static byte[] seedTarget(JsonNode repos, String target) throws VerificationException {
    JsonNode repo = repos.path(PUBLIC_GOOD_TUF_REPOSITORY);
    JsonNode file = repo.path("targets").path(target.replace("/", "%2F"));
    if (!file.isTextual()) {
      throw new VerificationException(
          "trust-root",
          Reason.TRUST_ROOT_MISSING,
          "embedded TUF seed has no target " + target,
          target,
          "absent");
    }
    try {
      return Base64.getDecoder().decode(file.asText());
    } catch (IllegalArgumentException e) {
      throw new VerificationException(
          "trust-root", Reason.TRUST_ROOT_MALFORMED, "embedded TUF seed: " + e.getMessage());
    }
  }

  private static TrustedRoot parse(byte[] json, String what) throws VerificationException {
    try {
      return TrustedRoot.parse(json);
    } catch (TrustRootFormatException e) {
      throw new VerificationException(
          "trust-root", Reason.TRUST_ROOT_MALFORMED, what + ": " + e.getMessage());
    }
  }
}
