package dev.provenant.log.rekor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deterministic mutants of valid requests of every kind (byte flips, truncations, insertions): each
 * must canonicalize or be rejected with {@link EntryException}, never anything else; and a mutant
 * that is accepted must still verify (a flipped signature byte is never accepted).
 */
class EntryKindsMutationTest {
  @Test
  void canonicalize_byteMutantsOfValidRequests_onlyTypedRejections() throws Exception {
    int accepted = 0;
    int rejected = 0;
    for (byte[] seed : FuzzSeeds.validRequests()) {
      EntryKinds.canonicalize(seed);
      for (int i = 0; i < seed.length; i += 3) {
        for (byte b : new byte[] {0, '"', '{', '}', ',', '\\', (byte) 0xff, (byte) (seed[i] ^ 1)}) {
          byte[] m = seed.clone();
          m[i] = b;
          if (tryOne(m)) {
            accepted++;
          } else {
            rejected++;
          }
        }
        if (tryOne(Arrays.copyOf(seed, i))) {
          accepted++;
        } else {
          rejected++;
        }
      }
    }
    assertThat(rejected).isGreaterThan(accepted);
  }

  private static boolean tryOne(byte[] m) {
    try {
      EntryKinds.canonicalize(m);
      return true;
    } catch (EntryException e) {
      assertThat(e.reason()).isNotNull();
      return false;
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError(
          "untyped failure on mutant: " + new String(m, java.nio.charset.StandardCharsets.UTF_8),
          e);
    }
  }

  @Test
  void canonicalize_signatureBytesFlipped_neverAccepted() throws Exception {
    List<byte[]> seeds = FuzzSeeds.validRequests();
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode req =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(seeds.get(0));
    com.fasterxml.jackson.databind.node.ObjectNode sig =
        (com.fasterxml.jackson.databind.node.ObjectNode) req.at("/spec/signature");
    byte[] s = java.util.Base64.getDecoder().decode(sig.get("content").asText());
    for (int i = 8; i < s.length; i++) {
      byte[] t = s.clone();
      t[i] ^= 0x10;
      sig.put("content", java.util.Base64.getEncoder().encodeToString(t));
      byte[] m = json.writeValueAsBytes(req);
      try {
        EntryKinds.canonicalize(m);
        throw new AssertionError("flipped signature byte " + i + " accepted");
      } catch (EntryException e) {
        assertThat(e.reason()).isEqualTo(EntryException.Reason.SIGNATURE_INVALID);
      }
    }
  }
}
