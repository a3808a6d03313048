package dev.provenant.core.dsse;

import dev.provenant.core.json.GoJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A DSSE envelope: payload type, raw payload bytes and one or more signatures.
 *
 * <p>SPEC: https://github.com/secure-systems-lab/dsse/blob/master/envelope.md
 */
public final class DsseEnvelope {
  private final String payloadType;
  private final byte[] payload;
  private final List<Signature> signatures;

  /**
   * One DSSE signature; {@code keyid} may be empty, {@code certPem} is slsa-github-generator's
   * extension.
   */
  public record Signature(String keyid, byte[] sig, @Nullable String certPem) {
    public Signature {
      Objects.requireNonNull(keyid, "keyid");
      sig = sig.clone();
    }

    @Override
    public byte[] sig() {
      return sig.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Signature s
          && keyid.equals(s.keyid)
          && Arrays.equals(sig, s.sig)
          && Objects.equals(certPem, s.certPem);
    }

    @Override
    public int hashCode() {
      return Objects.hash(keyid, Arrays.hashCode(sig), certPem);
    }

    @Override
    public String toString() {
      return "Signature[keyid=" + keyid + ", " + sig.length + " bytes]";
    }
  }

  private DsseEnvelope(String payloadType, byte[] payload, List<Signature> signatures) {
    this.payloadType = payloadType;
    this.payload = payload;
    this.signatures = signatures;
  }

  /** Creates an envelope; copies the payload. */
  public static DsseEnvelope of(String payloadType, byte[] payload, List<Signature> signatures) {
    Objects.requireNonNull(payloadType, "payloadType");
    return new DsseEnvelope(payloadType, payload.clone(), List.copyOf(signatures));
  }

  public String payloadType() {
    return payloadType;
  }

  /** A copy of the payload bytes. */
  public byte[] payload() {
    return payload.clone();
  }

  public List<Signature> signatures() {
    return signatures;
  }

  /**
   * The envelope's JSON as go-securesystemslib's {@code dsse.Envelope} marshals it (cosign's
   * attestation layer): {@code payloadType}, {@code payload} (standard base64), {@code signatures}
   * of {@code keyid} and {@code sig} (and slsa-github-generator's {@code cert} when present).
   *
   * <p>SPEC: https://github.com/secure-systems-lab/dsse/blob/master/envelope.md
   */
  public byte[] toJson() {
    Base64.Encoder b64 = Base64.getEncoder();
    List<Object> sigs = new ArrayList<>();
    for (Signature s : signatures) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("keyid", s.keyid());
      m.put("sig", b64.encodeToString(s.sig));
      m.put("cert", s.certPem());
      sigs.add(m);
    }
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("payloadType", payloadType);
    env.put("payload", b64.encodeToString(payload));
    env.put("signatures", sigs);
    return GoJson.write(env).getBytes(StandardCharsets.UTF_8);
  }

  /** The bytes each signature is over: PAE(payloadType, payload). */
  public byte[] pae() {
    return Pae.encode(payloadType, payload);
  }
}
