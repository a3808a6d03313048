package dev.provenant.log.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Signs artifacts with a fresh P-256 key and builds Rekor hashedrekord / dsse requests. */
public final class TestSigner {
  private static final ObjectMapper JSON = new ObjectMapper();
  public final KeyPair keys;

  public TestSigner() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      keys = g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public String publicKeyPem() {
    return dev.provenant.core.pem.Pem.encode("PUBLIC KEY", keys.getPublic().getEncoded());
  }

  public byte[] sign(byte[] message) {
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(keys.getPrivate());
      s.update(message);
      return s.sign();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A hashedrekord 0.0.1 request for {@code artifact}. */
  public byte[] hashedRekord(byte[] artifact) {
    ObjectNode req = JSON.createObjectNode();
    req.put("apiVersion", "0.0.1").put("kind", "hashedrekord");
    ObjectNode spec = req.putObject("spec");
    spec.putObject("data")
        .putObject("hash")
        .put("algorithm", "sha256")
        .put("value", Hex.encode(Sha256.hash(artifact)));
    ObjectNode sig = spec.putObject("signature");
    sig.put("content", Base64.getEncoder().encodeToString(sign(artifact)));
    sig.putObject("publicKey")
        .put(
            "content",
            Base64.getEncoder().encodeToString(publicKeyPem().getBytes(StandardCharsets.US_ASCII)));
    try {
      return JSON.writeValueAsBytes(req);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
