package dev.provenant.core.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.testing.Corpus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignedNoteTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHECKPOINTS = "sigstore-java-samples/samples/checkpoints/";
  private static final String CONFORMANCE = "sigstore-conformance/assets/bundle-verify/";

  /** Verifiers for every tlog of a trusted_root.json; the note key name is the baseUrl host. */
  static List<NoteVerifier> tlogVerifiers(Path trustedRoot) throws Exception {
    List<NoteVerifier> out = new ArrayList<>();
    for (JsonNode t : JSON.readTree(trustedRoot.toFile()).get("tlogs")) {
      String host = URI.create(t.get("baseUrl").asText()).getHost();
      byte[] der = Base64.getDecoder().decode(t.at("/publicKey/rawBytes").asText());
      out.add(NoteVerifiers.fromPkix(host, der));
    }
    return out;
  }

  static List<NoteVerifier> publicGood() throws Exception {
    return tlogVerifiers(Corpus.path("trust/public-good-trusted_root.json"));
  }

  static String checkpointOf(Path bundle) throws Exception {
    return JSON.readTree(bundle.toFile())
        .at("/verificationMaterial/tlogEntries/0/inclusionProof/checkpoint/envelope")
        .asText();
  }

  @ParameterizedTest
  @ValueSource(strings = {"valid.txt", "valid_multi_sig.txt"})
  void open_realRekorV1Checkpoint_verifiesWithEcdsaKey(String file) throws Exception {
    String note = Files.readString(Corpus.path(CHECKPOINTS + file));
    Checkpoint cp =
        Checkpoint.openSigned(note, publicGood(), "rekor.sigstore.dev - 2605736670972794746");
    assertThat(cp.size()).isEqualTo(37795272L);
    assertThat(cp.extensions()).containsExactly("Timestamp: 1697034484441201852");
    assertThat(Base64.getEncoder().encodeToString(cp.rootHash()))
        .isEqualTo("60ll7idWI1jYRZzxc+jKflYoW+4jWxgZaGR15ASsWt4=");
    // Round trip: serialization reproduces the exact bytes.
    assertThat(SignedNote.parse(note).serialize()).isEqualTo(note);
  }

  @ParameterizedTest
  @CsvSource({
    "error_header_body_separator.txt, NOTE_MALFORMED",
    "error_header_count.txt, CHECKPOINT_MALFORMED",
    "error_no_newline_after_signature.txt, SIGNATURE_LINE_MALFORMED",
    "error_no_signatures.txt, NO_SIGNATURES",
    "error_not_a_number.txt, CHECKPOINT_MALFORMED",
    "error_signature_format_invalid.txt, SIGNATURE_LINE_MALFORMED",
    "error_signature_length_insufficient.txt, SIGNATURE_LINE_MALFORMED"
  })
  void open_sigstoreJavaErrorSamples_rejectedWithReason(String file, NoteException.Reason want)
      throws Exception {
    String note = Files.readString(Corpus.path(CHECKPOINTS + file));
    NoteException e =
        catchThrowableOfType(
            NoteException.class, () -> Checkpoint.openSigned(note, publicGood(), null));
    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(want);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rekor2-checkpoint-cosigned", "rekor2-checkpoint-multiple-cosigs",
        "rekor2-checkpoint-two-sigs-from-origin", "rekor2-checkpoint-origin-not-first",
        "rekor2-happy-path", "happy-path-v0.3"
      })
  void open_conformancePassingCheckpoints_verify(String dir) throws Exception {
    Path d = Corpus.path(CONFORMANCE + dir);
    Path root =
        Files.exists(d.resolve("trusted_root.json"))
            ? d.resolve("trusted_root.json")
            : Corpus.path("trust/public-good-trusted_root.json");
    String note = checkpointOf(d.resolve("bundle.sigstore.json"));
    List<NoteSignature> verified = Notes.open(SignedNote.parse(note), tlogVerifiers(root));
    assertThat(verified).hasSize(1);
    Checkpoint.parse(SignedNote.parse(note).text());
  }

  @ParameterizedTest
  @CsvSource({
    "rekor2-checkpoint-no-matching-signature_fail, NO_TRUSTED_SIGNATURE",
    "rekor2-checkpoint-missing-log-signature_fail, NO_SIGNATURES",
    "rekor2-checkpoint-missing-origin_fail, CHECKPOINT_MALFORMED",
    "rekor2-checkpoint-missing-root-hash_fail, CHECKPOINT_MALFORMED",
    "rekor2-checkpoint-missing-size_fail, CHECKPOINT_MALFORMED",
    "checkpoint-bad-keyhint_fail, NO_TRUSTED_SIGNATURE",
    "invalid-checkpoint-signature_fail, SIGNATURE_INVALID"
  })
  void open_conformanceFailingCheckpoints_rejectedWithReason(String dir, NoteException.Reason want)
      throws Exception {
    Path d = Corpus.path(CONFORMANCE + dir);
    Path root =
        Files.exists(d.resolve("trusted_root.json"))
            ? d.resolve("trusted_root.json")
            : Corpus.path("trust/public-good-trusted_root.json");
    String note = checkpointOf(d.resolve("bundle.sigstore.json"));
    List<NoteVerifier> vs = tlogVerifiers(root);
    NoteException e =
        catchThrowableOfType(NoteException.class, () -> Checkpoint.openSigned(note, vs, null));
    assertThat(e).as(dir).isNotNull();
    assertThat(e.reason()).isEqualTo(want);
  }

  @Test
  void signAndOpen_ed25519AndEcdsa_roundTripAndTamperFails() throws Exception {
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    KeyPairGenerator ecg = KeyPairGenerator.getInstance("EC");
    ecg.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair ec = ecg.generateKeyPair();
    Checkpoint cp = new Checkpoint("log.example/test", 42, new byte[32], List.of("ext one"));
    SignedNote note =
        Notes.sign(
            cp.toText(),
            List.of(
                NoteSigners.ed25519("log.example/test", ed.getPrivate(), ed.getPublic()),
                NoteSigners.ecdsa("log.example/test", ec.getPrivate(), ec.getPublic())));
    String wire = note.serialize();
    NoteVerifier edv = NoteVerifiers.ed25519("log.example/test", ed.getPublic());
    NoteVerifier ecv = NoteVerifiers.fromPkix("log.example/test", ec.getPublic().getEncoded());
    assertThat(Checkpoint.openSigned(wire, List.of(edv), "log.example/test")).isEqualTo(cp);
    assertThat(Checkpoint.openSigned(wire, List.of(ecv), null)).isEqualTo(cp);
    assertThat(Notes.open(SignedNote.parse(wire), List.of(edv, ecv))).hasSize(2);

    // A changed text byte breaks both signatures.
    String tampered = wire.replace("\n42\n", "\n43\n");
    assertThat(reason(() -> Checkpoint.openSigned(tampered, List.of(edv), null)))
        .isEqualTo(NoteException.Reason.SIGNATURE_INVALID);
    assertThat(reason(() -> Checkpoint.openSigned(tampered, List.of(ecv), null)))
        .isEqualTo(NoteException.Reason.SIGNATURE_INVALID);
    // Origin check.
    assertThat(reason(() -> Checkpoint.openSigned(wire, List.of(edv), "other.example")))
        .isEqualTo(NoteException.Reason.ORIGIN_MISMATCH);
    // Same key under another name: the Ed25519 key ID differs, so nothing is trusted.
    NoteVerifier renamed = NoteVerifiers.ed25519("other.example", ed.getPublic());
    assertThat(reason(() -> Checkpoint.openSigned(wire, List.of(renamed), null)))
        .isEqualTo(NoteException.Reason.NO_TRUSTED_SIGNATURE);
    // An unrelated key with the right name: no signature is claimed.
    KeyPair ed2 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    NoteVerifier stranger = NoteVerifiers.ed25519("log.example/test", ed2.getPublic());
    assertThat(reason(() -> Checkpoint.openSigned(wire, List.of(stranger), null)))
        .isEqualTo(NoteException.Reason.NO_TRUSTED_SIGNATURE);
  }

  @Test
  void of_callerSuppliedSignAndCheck_roundTripAndTamperFails() throws Exception {
    KeyPairGenerator ecg = KeyPairGenerator.getInstance("EC");
    ecg.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair ec = ecg.generateKeyPair();
    byte[] hint = KeyHints.pkix(ec.getPublic().getEncoded());
    NoteSigner signer =
        NoteSigners.of(
            "log.example",
            hint,
            text -> {
              try {
                java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
                s.initSign(ec.getPrivate());
                s.update(text);
                return s.sign();
              } catch (java.security.GeneralSecurityException e) {
                throw new NoteException(NoteException.Reason.KEY_INVALID, "test key failed", e);
              }
            });
    NoteVerifier verifier =
        NoteVerifiers.of(
            "log.example",
            hint,
            (text, sig) -> NoteVerifiers.check("SHA256withECDSA", ec.getPublic(), text, sig));
    hint[0] ^= 1; // both copied the hint
    assertThat(signer.keyHint())
        .isEqualTo(verifier.keyHint())
        .isEqualTo(KeyHints.pkix(ec.getPublic().getEncoded()));

    Checkpoint cp = new Checkpoint("log.example", 3, new byte[32], List.of());
    String wire = Notes.sign(cp.toText(), List.of(signer)).serialize();
    assertThat(Checkpoint.openSigned(wire, List.of(verifier), "log.example")).isEqualTo(cp);
    assertThat(
            Checkpoint.openSigned(
                wire, List.of(NoteVerifiers.ecdsa("log.example", ec.getPublic())), null))
        .isEqualTo(cp);
    String tampered = wire.replace("\n3\n", "\n4\n");
    assertThat(reason(() -> Checkpoint.openSigned(tampered, List.of(verifier), null)))
        .isEqualTo(NoteException.Reason.SIGNATURE_INVALID);
  }

  @Test
  void open_witnessCosignatureV1_verifiesAndTamperedTimestampFails() throws Exception {
    KeyPair log = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    KeyPair witness = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String text = new Checkpoint("log.example", 7, new byte[32], List.of()).toText();
    NoteSigner logSigner = NoteSigners.ed25519("log.example", log.getPrivate(), log.getPublic());
    // A cosignature/v1 signature built by hand from the C2SP tlog-cosignature rule.
    long time = 1_700_000_000L;
    java.security.Signature s = java.security.Signature.getInstance("Ed25519");
    s.initSign(witness.getPrivate());
    s.update(("cosignature/v1\ntime " + time + "\n" + text).getBytes(StandardCharsets.UTF_8));
    byte[] sig = java.nio.ByteBuffer.allocate(72).putLong(time).put(s.sign()).array();
    NoteVerifier wv = NoteVerifiers.cosignatureV1("witness.example", witness.getPublic());
    NoteSignature cosig = new NoteSignature("witness.example", wv.keyHint(), sig);
    SignedNote signed = Notes.sign(text, List.of(logSigner));
    List<NoteSignature> all = new ArrayList<>(signed.signatures());
    all.add(cosig);
    String wire = new SignedNote(text, all).serialize();

    NoteVerifier lv = NoteVerifiers.ed25519("log.example", log.getPublic());
    assertThat(Notes.open(SignedNote.parse(wire), List.of(lv, wv))).hasSize(2);
    // Without the witness key the cosignature is ignored, not an error.
    assertThat(Notes.open(SignedNote.parse(wire), List.of(lv))).hasSize(1);

    byte[] badTime = sig.clone();
    badTime[7] ^= 1;
    all.set(all.size() - 1, new NoteSignature("witness.example", wv.keyHint(), badTime));
    String bad = new SignedNote(text, all).serialize();
    assertThat(reason(() -> Notes.open(SignedNote.parse(bad), List.of(lv, wv))))
        .isEqualTo(NoteException.Reason.SIGNATURE_INVALID);
  }

  @Test
  void parse_malformedNotes_rejectedWithReason() throws Exception {
    String sig = "\u2014 a.example AAAAAAE=\n";
    assertThat(reason(() -> SignedNote.parse("text\n\n")))
        .isEqualTo(NoteException.Reason.NO_SIGNATURES);
    assertThat(reason(() -> SignedNote.parse("text\n" + sig)))
        .isEqualTo(NoteException.Reason.NOTE_MALFORMED);
    assertThat(reason(() -> SignedNote.parse("\n\n" + sig)))
        .isEqualTo(NoteException.Reason.NOTE_MALFORMED);
    assertThat(reason(() -> SignedNote.parse("te\u0001xt\n\n" + sig)))
        .isEqualTo(NoteException.Reason.NOTE_MALFORMED);
    assertThat(reason(() -> SignedNote.parse("text\n\n\u2014 a+b AAAAAAE=\n")))
        .isEqualTo(NoteException.Reason.SIGNATURE_LINE_MALFORMED);
    assertThat(reason(() -> SignedNote.parse("text\n\n\u2014 a.example AAAAAA==\n")))
        .isEqualTo(NoteException.Reason.SIGNATURE_LINE_MALFORMED);
    assertThat(reason(() -> SignedNote.parse("text\n\n\u2014 a.example !!!!\n")))
        .isEqualTo(NoteException.Reason.SIGNATURE_LINE_MALFORMED);
    assertThat(reason(() -> SignedNote.parse("text\n\n\u2014 a.example AAAAAAE= extra\n")))
        .isEqualTo(NoteException.Reason.SIGNATURE_LINE_MALFORMED);
    assertThat(reason(() -> SignedNote.parse("text\n\n-- a.example AAAAAAE=\n")))
        .isEqualTo(NoteException.Reason.SIGNATURE_LINE_MALFORMED);
    assertThat(reason(() -> SignedNote.parse(new byte[] {'t', (byte) 0xff, '\n', '\n'})))
        .isEqualTo(NoteException.Reason.NOTE_MALFORMED);
    assertThat(reason(() -> SignedNote.parse("text\n\n" + sig.repeat(101))))
        .isEqualTo(NoteException.Reason.TOO_MANY_SIGNATURES);
    assertThat(SignedNote.parse("text\n\n" + sig.repeat(100)).signatures()).hasSize(100);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "o\n-1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        "o\n01\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        "o\n+1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        "o\n99999999999999999999\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        "o\n1\nAAAA\n",
        "o\n1\nnot base64\n",
        "\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        "o\n1\n",
        "o\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
      })
  void parseCheckpoint_malformed_checkpointMalformed(String text) {
    assertThat(reason(() -> Checkpoint.parse(text)))
        .isEqualTo(NoteException.Reason.CHECKPOINT_MALFORMED);
  }

  @Test
  void parseCheckpoint_valid_roundTrips() throws Exception {
    String text = "example.com/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\nx: y\n";
    Checkpoint cp = Checkpoint.parse(text);
    assertThat(cp.size()).isZero();
    assertThat(cp.toText()).isEqualTo(text);
  }

  interface Call {
    void run() throws Exception;
  }

  static NoteException.Reason reason(Call c) {
    NoteException e = catchThrowableOfType(NoteException.class, c::run);
    assertThat(e).as("expected a NoteException").isNotNull();
    return e.reason();
  }
}
