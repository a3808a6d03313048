package dev.provenant.core.note;

import java.util.ArrayList;
import java.util.List;

/** Signing and opening (verifying) signed notes. */
public final class Notes {
  private Notes() {}

  /**
   * Signs {@code text} with each signer, in order.
   *
   * @throws IllegalArgumentException if the text is not valid note text
   * @throws NoteException {@code KEY_INVALID} if a signer fails
   */
  public static SignedNote sign(String text, List<NoteSigner> signers) throws NoteException {
    String problem = SignedNote.textProblem(text);
    if (problem != null) {
      throw new NoteException(NoteException.Reason.NOTE_MALFORMED, problem);
    }
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    List<NoteSignature> sigs = new ArrayList<>(signers.size());
    for (NoteSigner s : signers) {
      sigs.add(new NoteSignature(s.name(), s.keyHint(), s.sign(bytes)));
    }
    return new SignedNote(text, sigs);
  }

  /**
   * Verifies a note against trusted keys and returns the signatures that verified.
   *
   * <p>SPEC: https://c2sp.org/signed-note: "Verifiers MUST ignore signatures from unknown keys"; a
   * signature line whose name and key hint match a trusted key but that does not verify rejects the
   * whole note (it is either forged or corrupted, and silently skipping it would hide that).
   *
   * @return the verified signatures (at least one)
   * @throws NoteException {@code SIGNATURE_INVALID} if a claimed signature fails; {@code
   *     NO_TRUSTED_SIGNATURE} if no signature line is claimed by any verifier
   */
  public static List<NoteSignature> open(SignedNote note, List<NoteVerifier> verifiers)
      throws NoteException {
    byte[] text = note.signedBytes();
    List<NoteSignature> verified = new ArrayList<>();
    for (NoteSignature sig : note.signatures()) {
      for (NoteVerifier v : verifiers) {
        if (!v.claims(sig)) {
          continue;
        }
        if (!v.verify(text, sig.signature())) {
          throw new NoteException(
              NoteException.Reason.SIGNATURE_INVALID,
              "signature by " + sig.name() + " does not verify");
        }
        verified.add(sig);
        break;
      }
    }
    if (verified.isEmpty()) {
      throw new NoteException(
          NoteException.Reason.NO_TRUSTED_SIGNATURE,
          "none of the " + note.signatures().size() + " signatures is from a trusted key");
    }
    return verified;
  }
}
