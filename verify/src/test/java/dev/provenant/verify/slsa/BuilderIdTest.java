package dev.provenant.verify.slsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import org.junit.jupiter.api.Test;

class BuilderIdTest {
  static final String GO =
      "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/builder_go_slsa3.yml";

  @Test
  void parse_twoAts_malformed() {
    VerificationException e =
        catchThrowableOfType(
            VerificationException.class, () -> BuilderId.parse("c", "a@b@c", false));
    assertThat(e.reason()).isEqualTo(Reason.BUILDER_ID_MALFORMED);
  }

  @Test
  void parse_emptyVersion_malformed() {
    VerificationException e =
        catchThrowableOfType(
            VerificationException.class, () -> BuilderId.parse("c", GO + "@", false));
    assertThat(e.reason()).isEqualTo(Reason.BUILDER_ID_MALFORMED);
  }

  @Test
  void parse_needVersionWithoutOne_malformed() {
    VerificationException e =
        catchThrowableOfType(VerificationException.class, () -> BuilderId.parse("c", GO, true));
    assertThat(e.reason()).isEqualTo(Reason.BUILDER_ID_MALFORMED);
  }

  @Test
  void matchesLoose_nameOnlyOrShortOrFullVersion_matches() throws Exception {
    BuilderId cert = BuilderId.parse("c", GO + "@refs/tags/v1.9.0", true);
    assertThatCode(() -> cert.matchesLoose("c", GO, true)).doesNotThrowAnyException();
    assertThatCode(() -> cert.matchesLoose("c", GO + "@v1.9.0", true)).doesNotThrowAnyException();
    assertThatCode(() -> cert.matchesLoose("c", GO + "@refs/tags/v1.9.0", true))
        .doesNotThrowAnyException();
  }

  @Test
  void matchesLoose_shortVersionWithoutAllowRef_mismatch() throws Exception {
    BuilderId cert = BuilderId.parse("c", GO + "@refs/tags/v1.9.0", true);
    VerificationException e =
        catchThrowableOfType(
            VerificationException.class, () -> cert.matchesLoose("c", GO + "@v1.9.0", false));
    assertThat(e.reason()).isEqualTo(Reason.BUILDER_MISMATCH);
  }

  @Test
  void matchesLoose_otherVersionOrName_mismatch() throws Exception {
    BuilderId cert = BuilderId.parse("c", GO + "@refs/tags/v1.9.0", true);
    assertThat(
            catchThrowableOfType(
                    VerificationException.class,
                    () -> cert.matchesLoose("c", GO + "@v1.10.0", true))
                .reason())
        .isEqualTo(Reason.BUILDER_MISMATCH);
    assertThat(
            catchThrowableOfType(
                    VerificationException.class,
                    () -> cert.matchesLoose("c", GO.replace("go", "generic"), true))
                .reason())
        .isEqualTo(Reason.BUILDER_MISMATCH);
  }

  @Test
  void matchesFull_unversionedExpectation_mismatch() throws Exception {
    BuilderId prov = BuilderId.parse("c", GO + "@refs/tags/v1.9.0", false);
    assertThat(
            catchThrowableOfType(VerificationException.class, () -> prov.matchesFull("c", GO, true))
                .reason())
        .isEqualTo(Reason.BUILDER_MISMATCH);
    assertThatCode(() -> prov.matchesFull("c", GO + "@refs/tags/v1.9.0", true))
        .doesNotThrowAnyException();
  }

  @Test
  void toString_withAndWithoutVersion_roundTrips() throws Exception {
    assertThat(BuilderId.parse("c", GO + "@v1", false).toString()).isEqualTo(GO + "@v1");
    assertThat(BuilderId.parse("c", GO, false).toString()).isEqualTo(GO);
  }
}
