package dev.provenant.log.rekor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.dsse.Pae;
import dev.provenant.log.testing.TestSigner;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Valid requests of every accepted kind, signed with a fresh key (generated, nothing copied). */
final class FuzzSeeds {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static List<byte[]> cached;

  private FuzzSeeds() {}

  static synchronized List<byte[]> validRequests() throws Exception {
    if (cached == null) {
      TestSigner s = new TestSigner();
      String pem64 =
          Base64.getEncoder().encodeToString(s.publicKeyPem().getBytes(StandardCharsets.US_ASCII));
      byte[] payload =
          ("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\","
                  + "\"digest\":{\"sha256\":\""
                  + "ab".repeat(32)
                  + "\"}}],\"predicateType\":\"x\",\"predicate\":{}}")
              .getBytes(StandardCharsets.UTF_8);
      String type = "application/vnd.in-toto+json";
      String sig = Base64.getEncoder().encodeToString(s.sign(Pae.encode(type, payload)));
      String payloadB64 = Base64.getEncoder().encodeToString(payload);

      ObjectNode dsse = JSON.createObjectNode().put("apiVersion", "0.0.1").put("kind", "dsse");
      ObjectNode pc = dsse.putObject("spec").putObject("proposedContent");
      pc.put(
          "envelope",
          "{\"payload\":\""
              + payloadB64
              + "\",\"payloadType\":\""
              + type
              + "\",\"signatures\":[{\"sig\":\""
              + sig
              + "\"}]}");
      pc.putArray("verifiers").add(pem64);

      ObjectNode intoto = JSON.createObjectNode().put("apiVersion", "0.0.2").put("kind", "intoto");
      ObjectNode content = intoto.putObject("spec").putObject("content");
      ObjectNode env = content.putObject("envelope");
      env.put(
          "payload",
          Base64.getEncoder().encodeToString(payloadB64.getBytes(StandardCharsets.US_ASCII)));
      env.put("payloadType", type);
      env.putArray("signatures")
          .addObject()
          .put("sig", Base64.getEncoder().encodeToString(sig.getBytes(StandardCharsets.US_ASCII)))
          .put("publicKey", pem64);
      content.putObject("hash").put("algorithm", "sha256").put("value", "cd".repeat(32));

      cached =
          List.of(
              s.hashedRekord("fuzz seed".getBytes(StandardCharsets.UTF_8)),
              JSON.writeValueAsBytes(dsse),
              JSON.writeValueAsBytes(intoto));
      for (byte[] r : cached) {
        EntryKinds.canonicalize(r); // the seeds must be valid
      }
    }
    return cached;
  }
}
