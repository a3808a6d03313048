package dev.provenant.verify.slsa.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.sigstore.TrustRoots;
import dev.provenant.verify.slsa.PublicKeys;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The npm registry's public signing keys (the Sigstore TUF target {@code
 * registry.npmjs.org/keys.json}), read from the embedded public-good TUF seed (see {@link
 * TrustRoots#embedded}). As in slsa-verifier, a key is chosen by key id and usage; its validity
 * window is not applied.
 */
public final class NpmKeys {
  /** The usage of keys that sign publish attestations. */
  public static final String ATTESTATIONS = "npm:attestations";

  private final Map<String, PublicKey> keys;

  private NpmKeys(Map<String, PublicKey> keys) {
    this.keys = Map.copyOf(keys);
  }

  /**
   * The keys of the embedded public-good TUF seed's {@code registry.npmjs.org/keys.json} target.
   *
   * @throws IllegalStateException if the jar was built without the seed (a build defect)
   */
  public static NpmKeys embedded() {
    byte[] json;
    try {
      json = TrustRoots.embeddedSeedTarget("registry.npmjs.org/keys.json");
    } catch (VerificationException e) {
      throw new IllegalStateException("embedded npm keys: " + e.getMessage(), e);
    }
    try {
      return parse(json);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("embedded npm keys do not parse", e);
    }
  }

  /**
   * Parses a {@code keys.json} document: {@code {"keys": [{keyId, keyUsage, publicKey:
   * {rawBytes}}]}}.
   *
   * @throws IOException if it is not JSON of that shape
   * @throws GeneralSecurityException if a key is not a valid SubjectPublicKeyInfo
   */
  public static NpmKeys parse(byte[] json) throws IOException, GeneralSecurityException {
    JsonNode root = new ObjectMapper().readTree(json);
    JsonNode list = root == null ? null : root.get("keys");
    if (list == null || !list.isArray()) {
      throw new IOException("keys.json has no \"keys\" array");
    }
    Map<String, PublicKey> m = new HashMap<>();
    for (JsonNode k : list) {
      String id = k.path("keyId").asText("");
      String usage = k.path("keyUsage").asText("");
      String raw = k.path("publicKey").path("rawBytes").asText("");
      if (id.isEmpty() || usage.isEmpty() || raw.isEmpty()) {
        throw new IOException("keys.json entry lacks keyId, keyUsage or publicKey.rawBytes");
      }
      m.put(id + " " + usage, PublicKeys.fromBase64Spki(raw));
    }
    return new NpmKeys(m);
  }

  /** The key with this id and usage. */
  public Optional<PublicKey> find(String keyId, String usage) {
    return Optional.ofNullable(keys.get(keyId + " " + usage));
  }
}
