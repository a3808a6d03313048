package dev.provenant.log.rekor;

import static dev.provenant.log.rekor.SpecFields.base64;
import static dev.provenant.log.rekor.SpecFields.object;
import static dev.provenant.log.rekor.SpecFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.rekor.EntryBodies;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * hashedrekord 0.0.1: a signature over an artifact digest ({@code spec.data.hash}) with the PEM key
 * or certificate that verifies it ({@code spec.signature.publicKey.content}).
 */
final class HashedRekordV001 implements EntryKind {
  @Override
  public String kind() {
    return "hashedrekord";
  }

  @Override
  public String apiVersion() {
    return "0.0.1";
  }

  @Override
  public ProposedEntry canonicalize(JsonNode spec) throws EntryException {
    JsonNode sig = object(spec, "signature");
    byte[] sigBytes = base64(sig, "content");
    JsonNode pk = object(sig, "publicKey");
    byte[] pem = base64(pk, "content");
    JsonNode hash = object(object(spec, "data"), "hash");
    String alg = text(hash, "algorithm");
    String value = text(hash, "value");
    int len =
        switch (alg) {
          case "sha256" -> 64;
          case "sha384" -> 96;
          case "sha512" -> 128;
          default ->
              throw new EntryException(
                  EntryException.Reason.INVALID_FIELD,
                  "spec.data.hash.algorithm must be sha256, sha384 or sha512, got " + alg);
        };
    if (value.length() != len || !Hex.isHex(value)) {
      throw new EntryException(
          EntryException.Reason.INVALID_FIELD,
          "invalid value for hash: want " + len + " hex characters for " + alg);
    }
    if (sigBytes.length == 0) {
      throw new EntryException(EntryException.Reason.INVALID_FIELD, "missing signature");
    }
    Verifiers.Verifier v = Verifiers.verifier(pem);
    SignatureChecks.verifyDigest(v.key(), alg, Hex.decode(value), sigBytes);

    // The body public Rekor logs, from the one hashedrekord writer.
    byte[] body = EntryBodies.hashedRekordV001(alg, value, sigBytes, v.canonicalPem());
    Set<String> keys = new LinkedHashSet<>();
    keys.add(Hex.encode(Sha256.hash(v.canonicalPem())));
    keys.addAll(SearchKeys.subjects(v.certificate()));
    keys.add((alg + ":" + value).toLowerCase(Locale.ROOT));
    return ProposedEntries.of(kind(), apiVersion(), body, keys);
  }
}
