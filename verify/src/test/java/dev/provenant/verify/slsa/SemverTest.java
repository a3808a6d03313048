package dev.provenant.verify.slsa;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SemverTest {
  @ParameterizedTest
  @CsvSource({
    "v1, true", "v1.2, true", "v1.2.3, true", "v1.2.3-rc.1, true", "v1.2.3+build.5, true",
    "v1.2.3-rc.1+b, true", "1.2.3, false", "v01.2.3, false", "v1.02.3, false", "v1.2-pre, false",
    "v1.2.3-01, false", "v1.2.3-, false", "v1.2.3+, false", "v1.2.3-a..b, false", "v, false",
    "v1.2.3.4, false", "v1.2.3-0a, true", "v0.0.0, true"
  })
  void isValid_variousVersions_matchesGoSemver(String v, boolean valid) {
    assertThat(Semver.isValid(v)).isEqualTo(valid);
  }

  @ParameterizedTest
  @CsvSource({
    "v1, v1.0.0",
    "v1.2, v1.2.0",
    "v1.2.3+meta, v1.2.3",
    "v1.2.3-rc.1, v1.2.3-rc.1",
    "bad, ''"
  })
  void canonical_shorthandAndBuild_filledAndDropped(String v, String canonical) {
    assertThat(Semver.canonical(v)).isEqualTo(canonical);
  }

  @ParameterizedTest
  @CsvSource({"v1.2.3-rc.1+b, v1, -rc.1, +b", "v14.2.0, v14, '', ''"})
  void parts_fullVersion_majorPrereleaseBuild(String v, String major, String pre, String build) {
    assertThat(Semver.major(v)).isEqualTo(major);
    assertThat(Semver.prerelease(v)).isEqualTo(pre);
    assertThat(Semver.build(v)).isEqualTo(build);
  }
}
