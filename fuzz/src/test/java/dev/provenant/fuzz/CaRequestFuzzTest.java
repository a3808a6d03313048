package dev.provenant.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.provenant.ca.IssuanceException;
import dev.provenant.ca.SubjectKeys;
import dev.provenant.ca.cert.CaMaterial;
import dev.provenant.ca.cert.FileKeyStore;
import dev.provenant.ca.grpc.FulcioGrpcService;
import dev.provenant.ca.server.FulcioApi;
import dev.provenant.ca.server.HttpExchange;
import dev.provenant.ca.tsa.TimestampAuthority;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * The keyless CA's request parsers, which take bytes from anyone who can reach the CA: each returns
 * or throws {@link IssuanceException}; any other exception is a bug.
 */
class CaRequestFuzzTest {
  private static TimestampAuthority tsa;

  @BeforeAll
  static void setUp() throws Exception {
    CaMaterial m = FileKeyStore.loadOrCreate(Files.createTempDirectory("fuzz-ca"), "fuzz");
    tsa = new TimestampAuthority(m.tsa(), m.tsaChain(), Clock.systemUTC());
  }

  @FuzzTest(maxDuration = "60s")
  void signingCertJson(byte[] data) {
    try {
      FulcioApi.parseSigningRequest(
          new HttpExchange("POST", "/api/v2/signingCert", Map.of(), Map.of(), data, "fuzz"));
    } catch (IssuanceException expected) {
      // documented
    }
  }

  @FuzzTest(maxDuration = "60s")
  void signingCertGrpc(byte[] data) {
    try {
      FulcioGrpcService.parse(data);
    } catch (IssuanceException expected) {
      // documented
    }
  }

  @FuzzTest(maxDuration = "60s")
  void csr(byte[] data) {
    try {
      SubjectKeys.fromCsr(data);
    } catch (IssuanceException expected) {
      // documented
    }
  }

  @FuzzTest(maxDuration = "60s")
  void publicKeyWithProof(byte[] data) {
    try {
      SubjectKeys.fromPublicKeyRequest(
          new String(data, StandardCharsets.UTF_8), data, List.of("sub"));
    } catch (IssuanceException expected) {
      // documented
    }
  }

  @FuzzTest(maxDuration = "60s")
  void timestampQuery(byte[] data) {
    try {
      tsa.timestampDer(data);
    } catch (IssuanceException expected) {
      // documented
    }
  }
}
