package dev.provenant.platform.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuildDefinitionTest {
  static BuildDefinition parse(String yaml) throws BuildDefinitionException {
    return BuildDefinition.parse(yaml.getBytes(StandardCharsets.UTF_8));
  }

  static BuildDefinitionException.Reason failure(String yaml) {
    return catchThrowableOfType(BuildDefinitionException.class, () -> parse(yaml)).reason();
  }

  @Test
  void parse_fullDefinition_keepsEveryField() throws Exception {
    String yaml =
        "steps:\n  - run: ./configure\n  - run: make dist\noutputs:\n  - dist/*.tar.gz\n  - sbom.json\n"
            + "network:\n  - Repo.Maven.Apache.org\n  - proxy.local:3128\nlimits:\n  timeout: 30m\n  memory: 2g\n  cpus: 2\n";

    BuildDefinition d = parse(yaml);

    assertThat(d.path()).isEqualTo(".provenant/build.yaml");
    assertThat(d.sha256())
        .isEqualTo(BuildDefinition.sha256Hex(yaml.getBytes(StandardCharsets.UTF_8)));
    assertThat(d.steps())
        .extracting(BuildDefinition.Step::run)
        .containsExactly("./configure", "make dist");
    assertThat(d.outputs()).containsExactly("dist/*.tar.gz", "sbom.json");
    assertThat(d.network()).containsExactly("repo.maven.apache.org", "proxy.local:3128");
    assertThat(d.limits())
        .isEqualTo(new BuildDefinition.Limits(Duration.ofMinutes(30), 2L << 30, 2));
  }

  @Test
  void parse_minimalDefinition_hasNoNetworkAndNoLimits() throws Exception {
    BuildDefinition d = parse("steps:\n  - run: make\noutputs: [out/*]\n");

    assertThat(d.network()).isEmpty();
    assertThat(d.limits()).isEqualTo(BuildDefinition.Limits.NONE);
  }

  @Test
  void parse_unknownKeys_areNamedInTheError() {
    BuildDefinitionException top =
        catchThrowableOfType(
            BuildDefinitionException.class,
            () -> parse("steps:\n  - run: make\noutputs: [a]\nenv:\n  X: 1\n"));
    BuildDefinitionException step =
        catchThrowableOfType(
            BuildDefinitionException.class,
            () -> parse("steps:\n  - run: make\n    shell: zsh\noutputs: [a]\n"));
    BuildDefinitionException limit =
        catchThrowableOfType(
            BuildDefinitionException.class,
            () -> parse("steps:\n  - run: make\noutputs: [a]\nlimits:\n  timeuot: 5m\n"));

    assertThat(top.reason()).isEqualTo(BuildDefinitionException.Reason.UNKNOWN_KEY);
    assertThat(top.getMessage()).contains("env");
    assertThat(step.reason()).isEqualTo(BuildDefinitionException.Reason.UNKNOWN_KEY);
    assertThat(step.getMessage()).contains("steps[0].shell");
    assertThat(limit.getMessage()).contains("limits.timeuot");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "outputs: [a]|MISSING_KEY",
        "steps: []\\noutputs: [a]|INVALID_VALUE",
        "steps:\\n  - run: make|MISSING_KEY",
        "steps:\\n  - make\\noutputs: [a]|INVALID_VALUE",
        "steps:\\n  - run: '  '\\noutputs: [a]|INVALID_VALUE",
        "steps:\\n  - run: [a, b]\\noutputs: [a]|INVALID_VALUE",
        "steps:\\n  - run: make\\noutputs: [/etc/passwd]|INVALID_VALUE",
        "steps:\\n  - run: make\\noutputs: [dist/../../x]|INVALID_VALUE",
        "steps:\\n  - run: make\\noutputs: [a]\\nnetwork: [http://evil/]|INVALID_VALUE",
        "steps:\\n  - run: make\\noutputs: [a]\\nlimits:\\n  timeout: 5 minutes|INVALID_VALUE",
        "steps:\\n  - run: make\\noutputs: [a]\\nlimits:\\n  cpus: 0|INVALID_VALUE",
        "steps:\\n  - run: make\\noutputs: [a]\\noutputs: [b]|MALFORMED",
        "steps: [\\n|MALFORMED",
        "- just a list|MALFORMED",
        "''|MALFORMED",
      })
  void parse_invalidDefinition_hasTypedReason(
      String yaml, BuildDefinitionException.Reason expected) {
    assertThat(failure(yaml.replace("\\n", "\n"))).isEqualTo(expected);
  }

  @Test
  void parse_image_keepsTheLayoutAndItsOutputPattern() throws Exception {
    BuildDefinition d =
        parse("steps:\n  - run: make\noutputs: [a]\nimages:\n  - layout: out/image/\n");

    assertThat(d.images()).containsExactly(new BuildDefinition.Image("out/image"));
    assertThat(d.images().get(0).outputPattern()).isEqualTo("out/image/**");
    assertThat(d.images().get(0).contains("out/image/index.json")).isTrue();
    assertThat(d.images().get(0).contains("out/image2/index.json")).isFalse();
    assertThat(parse("steps:\n  - run: make\noutputs: [a]\n").images()).isEmpty();
    BuildDefinition.Image archive =
        parse("steps:\n  - run: make\noutputs: [a]\nimages:\n  - archive: out/image.tar\n")
            .images()
            .get(0);
    assertThat(archive.archive()).isTrue();
    assertThat(archive.outputPattern()).isEqualTo("out/image.tar");
    assertThat(archive.contains("out/image.tar")).isTrue();
    assertThat(archive.contains("out/image.tar.gz")).isFalse();
  }

  @Test
  void parse_imageUnknownKey_isNamed() {
    BuildDefinitionException e =
        catchThrowableOfType(
            BuildDefinitionException.class,
            () ->
                parse(
                    "steps:\n  - run: make\noutputs: [a]\nimages:\n"
                        + "  - layout: out/image\n    repository: evil.example/x\n"));

    assertThat(e.reason()).isEqualTo(BuildDefinitionException.Reason.UNKNOWN_KEY);
    assertThat(e.getMessage()).contains("images[0].repository");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "images: out/image|INVALID_VALUE",
        "images:\\n  - out/image|INVALID_VALUE",
        "images:\\n  - {}|MISSING_KEY",
        "images:\\n  - layout: /abs/image|INVALID_VALUE",
        "images:\\n  - layout: out/../../image|INVALID_VALUE",
        "images:\\n  - layout: out/*|INVALID_VALUE",
        "images:\\n  - layout: a\\n  - layout: b|INVALID_VALUE",
        "images:\\n  - layout: a\\n    archive: a.tar|INVALID_VALUE",
        "images:\\n  - archive: ../a.tar|INVALID_VALUE",
      })
  void parse_invalidImage_hasTypedReason(String images, BuildDefinitionException.Reason expected) {
    assertThat(failure(("steps:\n  - run: make\noutputs: [a]\n" + images).replace("\\n", "\n")))
        .isEqualTo(expected);
  }

  @Test
  void parse_oversizedFile_isTooLarge() {
    byte[] big = new byte[BuildDefinition.MAX_BYTES + 1];
    java.util.Arrays.fill(big, (byte) '#');

    assertThat(
            catchThrowableOfType(BuildDefinitionException.class, () -> BuildDefinition.parse(big))
                .reason())
        .isEqualTo(BuildDefinitionException.Reason.TOO_LARGE);
  }
}
