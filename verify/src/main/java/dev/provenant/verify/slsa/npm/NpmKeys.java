package dev.provenant.verify.slsa.npm;

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
 * The npm registry's public signing keys (the Sigstore TUF target {@code registry.npmjs.org/keys.json}),
 * embedded in this project's own line format ({@code keyId keyUsage base64-SPKI}); regenerate
 * with {@code scripts/gen-embedded-keys}. As in slsa-verifier, a key is chosen by key id and
 * usage; its validity window is not applied.
 */
public final class NpmKeys {
  /** The usage of keys that sign publish attestations. */
  public static final String ATTESTATIONS = "npm:attestations";

  private final Map<String, PublicKey> keys;

  private NpmKeys(Map<String, PublicKey> keys) {
    this.keys = Map.copyOf(keys);
  }

  /** The embedded keys. */
  public static NpmKeys embedded() {
    try (InputStream in = NpmKeys.class.getResourceAsStream("npm-registry-keys.txt")) {
      if (in == null) {
        throw new IllegalStateException("embedded resource npm-registry-keys.txt is missing from the build");
      }
      Map<String, PublicKey> m = new HashMap<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      for (String line; (line = r.readLine()) != null; ) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(" ");
        m.put(f[0] + " " + f[1], PublicKeys.fromBase64Spki(f[2]));
      }
      return new NpmKeys(m);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("embedded npm key does not parse", e);
    }
  }

  /** The key with this id and usage. */
  public Optional<PublicKey> find(String keyId, String usage) {
    return Optional.ofNullable(keys.get(keyId + " " + usage));
  }
}
