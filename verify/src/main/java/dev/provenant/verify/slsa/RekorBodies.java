package dev.provenant.verify.slsa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.json.JsonFormatException;
import dev.provenant.core.x509.Certificates;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/** Reads the signer certificate out of a Rekor intoto v0.0.1 or dsse v0.0.1 entry body. */
final class RekorBodies {
  private RekorBodies() {}

  static X509Certificate certificateOf(TlogEntry e) throws VerificationException {
    String check = "tlog.body";
    try {
      JsonNode body = GoJson.parse(e.canonicalizedBody());
      String kind = body.path("kind").asText();
      String b64;
      if (kind.equals("intoto")) {
        b64 = body.path("spec").path("publicKey").asText();
      } else if (kind.equals("dsse")) {
        JsonNode sigs = body.path("spec").path("signatures");
        if (sigs.size() != 1) {
          throw new VerificationException(
              check,
              Reason.TLOG_ENTRY_INVALID,
              "expected one signature in the dsse entry",
              "1",
              String.valueOf(sigs.size()));
        }
        b64 = sigs.get(0).path("verifier").asText();
      } else {
        throw new VerificationException(
            check, Reason.TLOG_ENTRY_INVALID, "unexpected entry kind", "intoto | dsse", kind);
      }
      List<X509Certificate> certs =
          Certificates.fromPem(new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8));
      if (certs.size() != 1) {
        throw new VerificationException(
            check,
            Reason.TLOG_ENTRY_INVALID,
            "expected one certificate in the entry",
            "1",
            String.valueOf(certs.size()));
      }
      return certs.get(0);
    } catch (JsonFormatException | CertificateException | IllegalArgumentException ex) {
      throw new VerificationException(
          check, Reason.TLOG_ENTRY_INVALID, "unreadable entry body: " + ex.getMessage());
    }
  }
}
