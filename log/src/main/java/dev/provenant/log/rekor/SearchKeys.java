package dev.provenant.log.rekor;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The index terms an entry is found by through {@code POST /api/v1/index/retrieve}, besides key and
 * artifact hashes: certificate subjects and in-toto statement subject digests.
 */
final class SearchKeys {
  /** Payload type of an in-toto statement; only such payloads are indexed by subject. */
  static final String INTOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

  private SearchKeys() {}

  /** The string subject alternative names (email, URI) of {@code cert}; none if it is null. */
  static List<String> subjects(X509Certificate cert) {
    List<String> out = new ArrayList<>();
    if (cert == null) {
      return out;
    }
    try {
      if (cert.getSubjectAlternativeNames() != null) {
        for (List<?> san : cert.getSubjectAlternativeNames()) {
          Object v = san.get(1);
          if (v instanceof String s) {
            out.add(s);
          }
        }
      }
    } catch (CertificateParsingException e) {
      // No usable SANs: nothing to index.
    }
    return out;
  }

  /** {@code alg:digest} of each subject of an in-toto statement; none if it does not parse. */
  static List<String> statementDigests(byte[] payload) {
    List<String> out = new ArrayList<>();
    try {
      JsonNode st = SpecFields.JSON.readTree(payload);
      JsonNode subjects = st.get("subject");
      if (subjects != null && subjects.isArray()) {
        for (JsonNode s : subjects) {
          JsonNode d = s.get("digest");
          if (d != null && d.isObject()) {
            d.fields()
                .forEachRemaining(
                    e -> {
                      if (e.getValue().isTextual()) {
                        out.add(e.getKey() + ":" + e.getValue().asText());
                      }
                    });
          }
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // Not a parsable statement: it is still logged, just not indexed by subject.
    }
    return out;
  }
}
