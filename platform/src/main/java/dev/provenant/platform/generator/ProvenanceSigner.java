package dev.provenant.platform.generator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
// The signing client. TEMPORARY home dev.provenant.ca.client; it moves to the sign module
// (dev.provenant.sign...) with the same classes: these imports are the only ones to switch.
import dev.provenant.ca.client.BundleSigner;
import dev.provenant.ca.client.FulcioClient;
import dev.provenant.ca.client.RekorClient;
import dev.provenant.ca.client.RekorEntry;
import dev.provenant.ca.client.ServiceException;
import dev.provenant.ca.client.TsaClient;
import dev.provenant.core.dsse.Pae;
import dev.provenant.core.intoto.StatementHeader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Signs a statement keylessly and returns a Sigstore bundle v0.3: an ephemeral P-256 key, a
 * certificate for it from the CA (proof of possession over the token's subject), a DSSE signature
 * over the statement, an RFC 3161 timestamp when a TSA is configured, and a Rekor v1 {@code dsse}
 * entry with its inclusion proof, checkpoint and SET. Each step is timed.
 *
 * <p>The one class of the platform that calls the signing client; it does the steps of {@code
 * BundleSigner.sign} one by one so that each can be timed, and reuses its Rekor-entry mapping.
 * The ephemeral private key lives only in this method's frame and is never written anywhere.
 */
public final class ProvenanceSigner {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String caUrl;
  private final String rekorUrl;
  private final String tsaUrl;

  /**
   * @param caUrl the Fulcio-compatible CA
   * @param rekorUrl the Rekor v1 log
   * @param tsaUrl the RFC 3161 endpoint, or null for none
   */
  public ProvenanceSigner(String caUrl, String rekorUrl, String tsaUrl) {
    this.caUrl = Objects.requireNonNull(caUrl, "caUrl");
    this.rekorUrl = Objects.requireNonNull(rekorUrl, "rekorUrl");
    this.tsaUrl = tsaUrl;
  }

  /**
   * Signs {@code statement} (in-toto JSON) with a certificate for {@code token}.
   *
   * @return the bundle JSON, one line
   * @throws GeneratorException {@code CA_REFUSED}, {@code TSA_REFUSED} or {@code LOG_REFUSED}
   */
  public String sign(String token, byte[] statement, StepTimings timings) throws GeneratorException {
    KeyPair kp = ephemeralKey();
    String challenge = BundleSigner.challenge(token);
    X509Certificate leaf = timings.time("certificate", () -> {
      try {
        List<X509Certificate> chain = new FulcioClient(caUrl)
            .signingCert(token, kp.getPublic(), sign(kp, challenge.getBytes(StandardCharsets.UTF_8)));
        if (!chain.get(0).getPublicKey().equals(kp.getPublic())) {
          throw new GeneratorException(GeneratorException.Reason.CA_REFUSED, "certificate does not certify the requested key", null);
        }
        return chain.get(0);
      } catch (ServiceException e) {
        throw new GeneratorException(GeneratorException.Reason.CA_REFUSED, e.getMessage(), e);
      }
    });
    byte[] signature = timings.time("signing", () -> sign(kp, Pae.encode(StatementHeader.PAYLOAD_TYPE, statement)));
    ObjectNode env = JSON.createObjectNode();
    env.put("payload", b64(statement)).put("payloadType", StatementHeader.PAYLOAD_TYPE);
    env.putArray("signatures").addObject().put("sig", b64(signature)).put("keyid", "");

    byte[] timestamp = null;
    if (tsaUrl != null) {
      timestamp = timings.time("timestamp", () -> {
        try {
          return new TsaClient(tsaUrl).timestamp(signature);
        } catch (ServiceException e) {
          throw new GeneratorException(GeneratorException.Reason.TSA_REFUSED, e.getMessage(), e);
        }
      });
    }
    ObjectNode tlog = timings.time("logging", () -> {
      try {
        RekorEntry entry = new RekorClient(rekorUrl).dsse(env.toString(), leaf);
        return BundleSigner.tlogEntry(entry);
      } catch (ServiceException e) {
        throw new GeneratorException(GeneratorException.Reason.LOG_REFUSED, e.getMessage(), e);
      }
    });
    // Field order as the protobuf JSON mapping emits it: mediaType, verificationMaterial, content.
    ObjectNode bundle = JSON.createObjectNode();
    bundle.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json");
    ObjectNode vm = bundle.putObject("verificationMaterial");
    vm.putObject("certificate").put("rawBytes", b64(der(leaf)));
    vm.putArray("tlogEntries").add(tlog);
    if (timestamp != null) {
      vm.putObject("timestampVerificationData").putArray("rfc3161Timestamps").addObject().put("signedTimestamp", b64(timestamp));
    }
    bundle.set("dsseEnvelope", env);
    return bundle.toString();
  }

  private static KeyPair ephemeralKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 is mandatory in every JDK", e);
    }
  }

  private static byte[] sign(KeyPair kp, byte[] data) {
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(kp.getPrivate());
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing with a fresh P-256 key cannot fail", e);
    }
  }

  private static byte[] der(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("a parsed certificate re-encodes", e);
    }
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
