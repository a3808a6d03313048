package dev.provenant.core.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.note.NoteException.Reason;
import dev.provenant.core.testing.Corpus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the published signed-note vectors ({@code testdata/vectors/c2sp-signed-note/notes.json}):
 * the verifier-key example of c2sp.org/signed-note and the notes of Go's reference implementation
 * (golang.org/x/mod/sumdb/note), each with the keys trusted and the verdict: the names whose
 * signatures verify, or the reason the note is refused.
 */
class PublishedNoteVectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The reasons a note that does not follow the grammar may be refused with. */
  private static final Set<Reason> MALFORMED =
      EnumSet.of(Reason.NOTE_MALFORMED, Reason.SIGNATURE_LINE_MALFORMED, Reason.NO_SIGNATURES);

  private static JsonNode vectors() throws IOException {
    return JSON.readTree(Corpus.vectors("c2sp-signed-note/notes.json").toFile());
  }

  /**
   * A vkey {@code <name>+hex(key ID)+base64(type || key)} split into its parts (test-side reading).
   */
  record VerifierKey(String name, byte[] keyId, byte type, byte[] key) {
    static VerifierKey parse(String vkey) {
      String[] parts = vkey.split("\\+", -1);
      assertThat(parts).as("vkey %s has three '+'-separated parts", vkey).hasSize(3);
      byte[] typed = Base64.getDecoder().decode(parts[2]);
      return new VerifierKey(
          parts[0], Hex.decode(parts[1]), typed[0], Arrays.copyOfRange(typed, 1, typed.length));
    }
  }

  private static Map<String, NoteVerifier> verifiers() throws Exception {
    Map<String, NoteVerifier> out = new LinkedHashMap<>();
    var keys = vectors().get("verifierKeys").fields();
    while (keys.hasNext()) {
      var e = keys.next();
      VerifierKey k = VerifierKey.parse(e.getValue().asText());
      assertThat(k.type()).isEqualTo(KeyHints.TYPE_ED25519);
      out.put(e.getKey(), NoteVerifiers.ed25519Raw(k.name(), k.key()));
    }
    return out;
  }

  @Test
  void verifierKeys_publishedKeyIds_matchTheC2spKeyIdRule() throws Exception {
    JsonNode keys = vectors().get("verifierKeys");
    assertThat(keys.size()).isEqualTo(3);
    for (JsonNode vkey : keys) {
      VerifierKey k = VerifierKey.parse(vkey.asText());
      assertThat(Hex.encode(KeyHints.typed(k.name(), k.type(), k.key())))
          .as(vkey.asText())
          .isEqualTo(Hex.encode(k.keyId()));
      assertThat(NoteVerifiers.ed25519Raw(k.name(), k.key()).keyHint()).isEqualTo(k.keyId());
    }
  }

  @Test
  void badVerifierKeys_wrongLength_isKeyInvalid() throws Exception {
    for (JsonNode bad : vectors().get("badVerifierKeys")) {
      VerifierKey k = VerifierKey.parse(bad.get("vkey").asText());
      NoteException e =
          catchThrowableOfType(
              NoteException.class, () -> NoteVerifiers.ed25519Raw(k.name(), k.key()));
      assertThat(e).as(bad.get("name").asText()).isNotNull();
      assertThat(e.reason()).isEqualTo(Reason.KEY_INVALID);
    }
  }

  static Stream<Arguments> notes() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode n : vectors().get("notes")) {
      out.add(Arguments.of(n.get("name").asText(), n));
    }
    assertThat(out).as("published notes").hasSize(15);
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notes")
  void note_withTrustedKeys_givesThePublishedVerdict(String name, JsonNode n) throws Exception {
    byte[] bytes = Base64.getDecoder().decode(n.get("noteBase64").asText());
    Map<String, NoteVerifier> all = verifiers();
    List<NoteVerifier> trusted = new ArrayList<>();
    n.get("trusted").forEach(t -> trusted.add(all.get(t.asText())));
    JsonNode expect = n.get("expect");
    if (expect.has("verified")) {
      List<String> names =
          Notes.open(SignedNote.parse(bytes), trusted).stream().map(NoteSignature::name).toList();
      List<String> want = new ArrayList<>();
      expect.get("verified").forEach(v -> want.add(v.asText()));
      assertThat(names).isEqualTo(want);
      return;
    }
    NoteException e =
        catchThrowableOfType(
            NoteException.class, () -> Notes.open(SignedNote.parse(bytes), trusted));
    assertThat(e).as("%s must be refused", name).isNotNull();
    String want = expect.get("error").asText();
    if (want.equals("malformed")) {
      assertThat(e.reason()).as(name).isIn(MALFORMED);
    } else {
      assertThat(e.reason()).as(name).isEqualTo(Reason.valueOf(want));
    }
  }
}
