package dev.provenant.ca.cert;

import dev.provenant.core.fulcio.FulcioOid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.Extension;

/**
 * The Fulcio extension values of one certificate. Immutable; build with {@link #builder(String)}.
 * Rendering follows Fulcio's {@code certificate.Extensions.Render}: the issuer appears twice (1.1
 * raw and 1.8 DER), the other values once, in OID order, empty values left out.
 */
public final class FulcioExtensions {
  private final Map<FulcioOid, String> values;

  private FulcioExtensions(Map<FulcioOid, String> values) {
    this.values = Collections.unmodifiableMap(new EnumMap<>(values));
  }

  /** A builder; every certificate names its OIDC issuer. */
  public static Builder builder(String issuer) {
    return new Builder(issuer);
  }

  /** The value of {@code oid}, if set. */
  public Optional<String> get(FulcioOid oid) {
    return Optional.ofNullable(values.get(oid));
  }

  /** All values, in OID order. */
  public Map<FulcioOid, String> values() {
    return values;
  }

  /** The non-critical X.509 extensions, in Fulcio's order. */
  public List<Extension> render() {
    List<Extension> out = new ArrayList<>();
    for (Map.Entry<FulcioOid, String> e : values.entrySet()) {
      // The raw-vs-DER rule lives with the OIDs, where the verifier reads it back.
      out.add(
          new Extension(
              new ASN1ObjectIdentifier(e.getKey().oid()),
              false,
              e.getKey().encodeValue(e.getValue())));
    }
    return out;
  }

  /** Collects extension values. */
  public static final class Builder {
    private final EnumMap<FulcioOid, String> values = new EnumMap<>(FulcioOid.class);

    private Builder(String issuer) {
      if (issuer == null || issuer.isEmpty()) {
        throw new IllegalArgumentException("extensions must have a non-empty issuer URL");
      }
      values.put(FulcioOid.ISSUER_V1, issuer);
      values.put(FulcioOid.ISSUER_V2, issuer);
    }

    /** Sets {@code oid} to {@code value}; null or empty leaves it out, as Fulcio does. */
    public Builder set(FulcioOid oid, String value) {
      if (!oid.isExtension()) {
        throw new IllegalArgumentException(oid.oid() + " is a SAN type, not an extension");
      }
      if (oid == FulcioOid.ISSUER_V2 || oid == FulcioOid.ISSUER_V1) {
        throw new IllegalArgumentException("the issuer is set by builder(issuer)");
      }
      if (value == null || value.isEmpty()) {
        values.remove(oid);
      } else {
        values.put(oid, value);
      }
      return this;
    }

    /** The immutable extensions. */
    public FulcioExtensions build() {
      return new FulcioExtensions(values);
    }
  }
}
