package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.testing.Skip;
import dev.provenant.oci.CredentialStore;
import dev.provenant.oci.LayoutPusher;
import dev.provenant.oci.Reference;
import dev.provenant.oci.RegistryClient;
import dev.provenant.sign.http.HttpTransport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * slsa-verifier's image cases (the verify-image cases of testdata/corpus/slsa-verifier with a local
 * OCI layout) through a real registry: each layout is pushed into the loopback docker-registry of
 * scripts/test.d/45-registry.sh ({@link LayoutPusher}: chunked blob uploads, manifests by digest,
 * cosign's {@code sha256-<hex>.att} tag), then every case runs twice, once with {@code
 * --oci-layout} and once against the registry, and must give the same exit code and the same
 * reason; the registry run must also find its evidence on the {@code cosign-att-tag} path
 * (distribution 2.8 has no referrers API and these images have no referrers tag).
 */
class ImageRegistryCorpusTest {
  /** Image cases with a layout among {@link SlsaCorpusTest#selected}. */
  static final int IMAGE_CASES = 289;

  @TestFactory
  Stream<DynamicTest> imageCases_throughRegistry_giveTheLayoutVerdict() throws Exception {
    String registry = System.getenv("PROVENANT_TEST_REGISTRY_OPEN");
    Skip.unless(
        registry != null, "a loopback docker-registry (scripts/test.d/45-registry.sh start)");
    Path root = SlsaCorpusTest.corpus();
    Path data = root.resolve("testdata");
    JsonNode cases = new ObjectMapper().readTree(root.resolve("cases.json").toFile()).get("cases");
    JsonNode hashes = new ObjectMapper().readTree(root.resolve("artifact_hashes.json").toFile());
    RegistryClient client =
        RegistryClient.create(HttpTransport.defaults(), CredentialStore.ANONYMOUS, Set.of());
    Map<String, String> repos = new LinkedHashMap<>();
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases) {
      if (!SlsaCorpusTest.selected(c)
          || !c.get("command").asText().equals("verify-image")
          || !c.has("oci_layout")) {
        continue;
      }
      String layout = c.get("oci_layout").asText();
      String repo = repos.get(layout);
      if (repo == null) {
        repo =
            "slsa-verifier/"
                + layout
                    .substring(layout.indexOf("testdata/") + 9)
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9./-]", "-");
        LayoutPusher.push(
            client, new Reference(registry, repo, "latest", null), data.resolve(layout), 4096);
        repos.put(layout, repo);
      }
      String image = registry + "/" + repo + "@sha256:" + c.get("image_digest").asText();
      tests.add(
          DynamicTest.dynamicTest(
              c.get("id").asText(),
              () -> {
                List<String> viaLayout = SlsaCorpusTest.argv(c, data, hashes);
                List<String> viaRegistry = new ArrayList<>(viaLayout);
                int i = viaRegistry.indexOf("--oci-layout");
                viaRegistry.remove(i + 1);
                viaRegistry.remove(i);
                viaRegistry.set(viaRegistry.size() - 1, image);
                SlsaOptions.testingEnv =
                    () -> c.path("env").path("SLSA_VERIFIER_TESTING").asText(null);
                SlsaCorpusTest.Run l;
                SlsaCorpusTest.Run r;
                try {
                  l = SlsaCorpusTest.run(viaLayout);
                  r = SlsaCorpusTest.run(viaRegistry);
                } finally {
                  SlsaOptions.testingEnv = () -> System.getenv("SLSA_VERIFIER_TESTING");
                }
                assertThat(r.exit())
                    .as(
                        "registry exit; layout stderr: %s; registry stderr: %s",
                        l.stderr(), r.stderr())
                    .isEqualTo(l.exit());
                assertThat(SlsaCorpusTest.reasonOf(r.stderr()))
                    .as(r.stderr())
                    .isEqualTo(SlsaCorpusTest.reasonOf(l.stderr()));
                assertThat(r.stderr())
                    .as("the verdict names the discovery path")
                    .contains("found via cosign-att-tag");
              }));
    }
    assertThat(tests.size()).as("image cases").isEqualTo(IMAGE_CASES);
    return tests.stream();
  }
}
