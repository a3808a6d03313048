package dev.provenant.verify.slsa.gcb;

import dev.provenant.verify.slsa.PublicKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Google Cloud Build's public provenance signing keys (Cloud KMS, project verified-builder):
 * regional {@code builtByGCB} keys for SLSA v0.1 and the global DSSE keys. Embedded, so GCB
 * verification makes no network call (as in slsa-verifier). Regenerate with {@code
 * scripts/gen-embedded-keys}.
 */
final class GcbKeys {
  /** Global DSSE key for SLSA v1 provenance. */
  static final String V10_GLOBAL_KEY_ID =
      "projects/verified-builder/locations/global/keyRings/attestor/cryptoKeys/google-hosted-worker/cryptoKeyVersions/1";

  /** Global DSSE key for SLSA v0.1 provenance. */
  static final String V01_GLOBAL_KEY_ID =
      "projects/verified-builder/locations/global/keyRings/attestor/cryptoKeys/provenanceSigner/cryptoKeyVersions/1";

  private static final Map<String, String> GLOBAL_NAMES =
      Map.of(
          V10_GLOBAL_KEY_ID, "global-pae-google-hosted-worker_1",
          V01_GLOBAL_KEY_ID, "global-pae-provenanceSigner_1");

  private static final Map<String, PublicKey> KEYS = load();

  private GcbKeys() {}

  private static Map<String, PublicKey> load() {
    Map<String, PublicKey> m = new HashMap<>();
    try (InputStream in = GcbKeys.class.getResourceAsStream("gcb-kms-keys.txt")) {
      if (in == null) {
        throw new IllegalStateException(
            "embedded resource gcb-kms-keys.txt is missing from the build");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      for (String line; (line = r.readLine()) != null; ) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(" ");
        m.put(f[0], PublicKeys.fromBase64Spki(f[1]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("embedded GCB key does not parse", e);
    }
    return Map.copyOf(m);
  }

  /** The key of a region (e.g. {@code us-west2}, {@code global}), if GCB has one. */
  static Optional<PublicKey> regional(String region) {
    return Optional.ofNullable(KEYS.get(region));
  }

  /** The name of a global DSSE key id, if it is one. */
  static Optional<String> globalName(String keyId) {
    return Optional.ofNullable(GLOBAL_NAMES.get(keyId));
  }

  /** A key by file name. */
  static Optional<PublicKey> byName(String name) {
    return Optional.ofNullable(KEYS.get(name));
  }
}
