package dev.provenant.log.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.digest.Sha256;
import dev.provenant.log.LogService;
import dev.provenant.log.testing.TestSigner;
import dev.sigstore.rekor.client.HashedRekordRequest;
import dev.sigstore.rekor.client.RekorClientHttp;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.rekor.client.RekorResponse;
import dev.sigstore.rekor.client.RekorVerificationException;
import dev.sigstore.rekor.client.RekorVerifier;
import dev.sigstore.trustroot.Service;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sigstore-java 2.0.0's Rekor v1 client writes to our log and its verifier accepts what we return.
 */
class SigstoreJavaInteropTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  static SigstoreTrustedRoot trustedRoot(LogService log) throws Exception {
    ObjectNode root = JSON.createObjectNode();
    root.put("mediaType", "application/vnd.dev.sigstore.trustedroot+json;version=0.1");
    root.putArray("tlogs").add(log.trustFragment());
    root.putArray("certificateAuthorities");
    root.putArray("ctlogs");
    root.putArray("timestampAuthorities");
    return SigstoreTrustedRoot.from(new ByteArrayInputStream(JSON.writeValueAsBytes(root)));
  }

  @Test
  void sigstoreJavaClient_putGetSearchAndVerify_accepted() throws Exception {
    try (LogService log =
        LogService.start(
            new LogService.Config("127.0.0.1", 0, dir, null, null, null, null, null))) {
      RekorClientHttp client =
          RekorClientHttp.builder().setService(Service.of(log.baseUrl(), 1)).build();
      RekorVerifier verifier = RekorVerifier.newRekorVerifier(trustedRoot(log));
      TestSigner signer = new TestSigner();
      for (int i = 0; i < 3; i++) {
        byte[] artifact = ("sigstore-java interop " + i).getBytes(StandardCharsets.UTF_8);
        HashedRekordRequest req =
            HashedRekordRequest.newHashedRekordRequest(
                Sha256.hash(artifact),
                signer.publicKeyPem().getBytes(StandardCharsets.US_ASCII),
                signer.sign(artifact));
        RekorResponse resp = client.putEntry(req);
        assertThat(resp.getEntry().getLogIndex()).isEqualTo(i);
        // SET, inclusion proof and checkpoint, as sigstore-java checks them.
        verifier.verifyEntry(resp.getEntry());
        assertThat(resp.getUuid()).isEqualTo(req.computeUUID());
        Optional<RekorEntry> fetched = client.getEntry(resp.getUuid());
        assertThat(fetched).isPresent();
        verifier.verifyEntry(fetched.get());
        // sigstore-java rebuilds the body from the request and compares: our canonical body
        // matches.
        assertThat(fetched.get().getBodyDecoded().getSpec()).isNotNull();
        List<String> found =
            client.searchEntry(
                null, dev.provenant.core.encoding.Hex.encode(Sha256.hash(artifact)), null, null);
        assertThat(found).hasSize(1);
      }
      // A verifier trusting a different log key rejects our entries.
      try (LogService other =
          LogService.start(
              new LogService.Config(
                  "127.0.0.1", 0, dir.resolve("other"), null, null, null, null, null))) {
        RekorVerifier wrong = RekorVerifier.newRekorVerifier(trustedRoot(other));
        RekorEntry e =
            client
                .getEntry(
                    HashedRekordRequest.newHashedRekordRequest(
                            new byte[32], new byte[0], new byte[0])
                        .computeUUID())
                .orElse(null);
        assertThat(e).isNull();
        byte[] artifact = "x".getBytes();
        RekorResponse resp =
            client.putEntry(
                HashedRekordRequest.newHashedRekordRequest(
                    Sha256.hash(artifact),
                    signer.publicKeyPem().getBytes(),
                    signer.sign(artifact)));
        assertThat(catchThrowable(() -> wrong.verifyEntry(resp.getEntry())))
            .isInstanceOf(RekorVerificationException.class);
      }
    }
  }
}
