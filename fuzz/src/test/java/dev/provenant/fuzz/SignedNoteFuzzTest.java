package dev.provenant.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;

/**
 * C2SP signed note / checkpoint, parsed and opened with the public-good log keys: returns or throws
 * {@code NoteException}.
 */
class SignedNoteFuzzTest {
  @BeforeAll
  static void seed() {
    FuzzSeeding.install(SignedNoteFuzzTest.class, "signedNoteParse", "signedNote");
  }

  @FuzzTest(maxDuration = "90s")
  void signedNoteParse(byte[] data) {
    Targets.signedNote(data);
  }
}
