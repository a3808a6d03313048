package dev.provenant.verify.slsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuildersFileTest {
  private static final String ENTRY =
      "{\"id\":\"http://127.0.0.1:8080/generators/slsa3\","
          + "\"oidcIssuer\":\"http://127.0.0.1:8080\","
          + "\"certificateIdentityRegexp\":\"^http://127\\\\.0\\\\.0\\\\.1:8080/generators/slsa3@v[0-9]+\\\\.[0-9]+\\\\.[0-9]+$\","
          + "\"sourceRepositoryUriPrefix\":\"http://127.0.0.1:8080/git/\","
          + "\"buildType\":\"https://provenant.dev/build-types/sandbox/v1\"}";

  private static List<TrustedBuilder> parse(String json) throws BuildersFileException {
    return BuildersFile.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parse_contractShape_oneSandboxBuilder() throws Exception {
    List<TrustedBuilder> b = parse("{\"builders\":[" + ENTRY + "]}");
    assertThat(b).hasSize(1);
    TrustedBuilder t = b.get(0);
    assertThat(t.id()).isEqualTo("http://127.0.0.1:8080/generators/slsa3");
    assertThat(t.buildTypes())
        .singleElement()
        .satisfies(
            bt -> {
              assertThat(bt.kind()).isEqualTo(SlsaProvenance.Kind.PLATFORM_SANDBOX);
              assertThat(bt.predicateType()).isEqualTo("https://slsa.dev/provenance/v1");
            });
    assertThat(t.identityMatches("http://127.0.0.1:8080/generators/slsa3@v0.1.0")).isTrue();
    assertThat(t.identityMatches("http://127.0.0.1:8080/generators/slsa3@v0.1.0-rc1")).isFalse();
    assertThat(t.identityMatches("http://127.0.0.1:8080/generators/slsa3@v0.1.0/x")).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not JSON | {\"builders\": | $",
        "array at top | [] | $",
        "unknown top-level key | {\"builders\":[ENTRY],\"extra\":1} | $",
        "duplicate JSON key | {\"builders\":[ENTRY],\"builders\":[ENTRY]} | $",
        "no builders | {} | builders",
        "builders not array | {\"builders\":{}} | builders",
        "empty builders | {\"builders\":[]} | builders",
        "entry not object | {\"builders\":[1]} | builders[0]",
        "missing issuer | {\"builders\":[{\"id\":\"http://h/generators/g\"}]} | builders[0].oidcIssuer",
        "unknown entry key | {\"builders\":[ENTRY_WITH_TYPO]} | builders[0]",
        "id with version | {\"builders\":[ENTRY_VERSIONED]} | builders[0].id",
        "regexp does not compile | {\"builders\":[ENTRY_BAD_REGEXP]} | builders[0].certificateIdentityRegexp",
        "prefix not a URL | {\"builders\":[ENTRY_BAD_PREFIX]} | builders[0].sourceRepositoryUriPrefix",
        "unknown build type | {\"builders\":[ENTRY_BAD_TYPE]} | builders[0].buildType",
        "empty issuer | {\"builders\":[ENTRY_EMPTY_ISSUER]} | builders[0].oidcIssuer",
        "same id twice | {\"builders\":[ENTRY,ENTRY]} | builders[1].id",
      })
  void parse_malformed_throwsWithPath(String name, String json, String path) {
    String doc =
        json.replace("ENTRY_WITH_TYPO", ENTRY.replace("\"buildType\"", "\"buildtype\""))
            .replace("ENTRY_VERSIONED", ENTRY.replace("slsa3\",", "slsa3@v0.1.0\","))
            .replace("ENTRY_BAD_REGEXP", ENTRY.replace("\"^http", "\"^(http"))
            .replace(
                "ENTRY_BAD_PREFIX",
                ENTRY.replace("\"http://127.0.0.1:8080/git/\"", "\"127.0.0.1:8080/git/\""))
            .replace("ENTRY_BAD_TYPE", ENTRY.replace("sandbox/v1", "sandbox/v2"))
            .replace(
                "ENTRY_EMPTY_ISSUER",
                ENTRY.replace("\"oidcIssuer\":\"http://127.0.0.1:8080\"", "\"oidcIssuer\":\"\""))
            .replace("ENTRY", ENTRY);
    BuildersFileException e = catchThrowableOfType(() -> parse(doc), BuildersFileException.class);
    assertThat(e).as(name).isNotNull();
    assertThat(e.path()).as(name).isEqualTo(path);
  }

  @Test
  void withConfigured_githubBuiltInId_rejected() throws Exception {
    String json =
        "{\"builders\":["
            + ENTRY.replace("http://127.0.0.1:8080/generators/slsa3", GithubBuilders.GENERIC)
            + "]}";
    List<TrustedBuilder> entries = parse(json);
    BuildersFileException e =
        catchThrowableOfType(
            () -> TrustedBuilders.withConfigured(entries), BuildersFileException.class);
    assertThat(e.path()).isEqualTo("builders[0].id");
  }

  @Test
  void builtIn_githubEntries_areTheRegistryOfBuildTypes() throws Exception {
    assertThat(TrustedBuilders.builtIn().configured()).isEmpty();
    assertThat(GithubBuilders.BUILT_IN)
        .extracting(TrustedBuilder::oidcIssuer)
        .containsOnly(GithubBuilders.ISSUER);
    assertThat(
            TrustedBuilders.builtIn()
                .kind(
                    "c",
                    GithubBuilders.GO,
                    "https://slsa.dev/provenance/v0.2",
                    GithubBuilders.BuildTypes.LEGACY_GO_V1))
        .isEqualTo(SlsaProvenance.Kind.GENERATOR);
    assertThat(
            GithubBuilders.BUILT_IN.stream()
                .filter(b -> b.id().equals(GithubBuilders.GENERIC))
                .findFirst()
                .orElseThrow()
                .identityMatches(GithubBuilders.GENERIC + "@refs/tags/v2.0.0"))
        .isTrue();
  }
}
