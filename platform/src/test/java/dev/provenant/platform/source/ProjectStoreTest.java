package dev.provenant.platform.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProjectStoreTest {
  // A real ed25519 public key (made once with ssh-keygen -t ed25519); its fingerprint per
  // ssh-keygen -lf.
  static final String SSH_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH+3HBPfTsC6xWLCI9K1ro43hCeJsQSvN7EnRHD/otXr alice@example.org";
  static final String SSH_FP = "SHA256:gWEiG6OIS1DIlcUcCJBHWuDpNLXN/dO6K2FiAF0CC88";

  @TempDir Path data;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "A",
        "-x",
        ".x",
        "a/b",
        "..",
        "a..b",
        "x.git",
        "a b",
        "a234567890123456789012345678901234567890123456789012345678901234"
      })
  void create_invalidName_isRefused(String name) throws Exception {
    ProjectStore store = ProjectStore.open(data);

    assertThat(
            catchThrowableOfType(ProjectStoreException.class, () -> store.create(name, null))
                .reason())
        .isEqualTo(ProjectStoreException.Reason.INVALID_NAME);
  }

  @Test
  void create_persistsAcrossReopen_andStoresOnlyTheTokenHash() throws Exception {
    ProjectStore store = ProjectStore.open(data);
    ProjectStore.Created c = store.create("demo-1.x_y", null);
    store.addMaintainer("demo-1.x_y", KeyKind.SSH, SSH_KEY);

    Project again = ProjectStore.open(data).get("demo-1.x_y");

    assertThat(again.id()).isEqualTo(c.project().id());
    assertThat(again.maintainers())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.kind()).isEqualTo(KeyKind.SSH);
              assertThat(m.fingerprint()).isEqualTo(SSH_FP);
            });
    assertThat(Files.readString(data.resolve("projects/demo-1.x_y.json")))
        .doesNotContain(c.pushToken());
    assertThat(ProjectStore.matchesPushCredential(again, c.pushToken())).isTrue();
    assertThat(ProjectStore.matchesPushCredential(again, c.pushToken() + "x")).isFalse();
    assertThat(ProjectStore.matchesPushCredential(again, null)).isFalse();
    assertThat(
            catchThrowableOfType(
                    ProjectStoreException.class, () -> store.create("demo-1.x_y", null))
                .reason())
        .isEqualTo(ProjectStoreException.Reason.ALREADY_EXISTS);
  }

  @Test
  void maintainers_duplicateBadOrMissingKeys_haveTypedReasons() throws Exception {
    ProjectStore store = ProjectStore.open(data);
    store.create("p", null);
    store.addMaintainer("p", KeyKind.SSH, SSH_KEY);

    assertThat(
            catchThrowableOfType(
                    ProjectStoreException.class,
                    () -> store.addMaintainer("p", KeyKind.SSH, SSH_KEY))
                .reason())
        .isEqualTo(ProjectStoreException.Reason.MAINTAINER_CONFLICT);
    assertThat(
            catchThrowableOfType(
                    ProjectStoreException.class,
                    () -> store.addMaintainer("p", KeyKind.SSH, "ssh-ed25519 AAAA"))
                .reason())
        .isEqualTo(ProjectStoreException.Reason.BAD_KEY);
    assertThat(
            catchThrowableOfType(
                    ProjectStoreException.class,
                    () -> store.addMaintainer("p", KeyKind.OPENPGP, SSH_KEY))
                .reason())
        .isEqualTo(ProjectStoreException.Reason.BAD_KEY);
    store.removeMaintainer("p", SSH_FP);
    assertThat(store.get("p").maintainers()).isEmpty();
    assertThat(
            catchThrowableOfType(
                    ProjectStoreException.class, () -> store.removeMaintainer("p", SSH_FP))
                .reason())
        .isEqualTo(ProjectStoreException.Reason.MAINTAINER_CONFLICT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"file:///srv/git/x.git", "/srv/git/x.git", "ssh://h/x", "https:///x", "not a url"})
  void create_nonHttpRemote_isRefused(String remote) throws Exception {
    ProjectStore store = ProjectStore.open(data);

    assertThat(
            catchThrowableOfType(ProjectStoreException.class, () -> store.create("w", remote))
                .reason())
        .isEqualTo(ProjectStoreException.Reason.BAD_REMOTE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "widget",
        "acme/widget",
        "registry.example.org/acme/widget:v1",
        "registry.example.org/acme/widget@sha256:"
            + "0000000000000000000000000000000000000000000000000000000000000000",
        "registry.example.org/Acme/Widget",
        "registry.example.org/",
        "https://registry.example.org/acme"
      })
  void create_badImageRepository_isRefused(String repository) throws Exception {
    ProjectStore store = ProjectStore.open(data);

    assertThat(
            catchThrowableOfType(
                    ProjectStoreException.class, () -> store.create("w", null, repository))
                .reason())
        .isEqualTo(ProjectStoreException.Reason.BAD_IMAGE_REPOSITORY);
    assertThat(store.find("w")).isEmpty();
  }

  @Test
  void create_imageRepository_persists_andOldProjectFilesStillRead() throws Exception {
    ProjectStore store = ProjectStore.open(data);
    store.create("w", null, "127.0.0.1:5000/acme/widget");
    store.create("plain", null);
    // A project file written before image repositories existed.
    Files.writeString(
        data.resolve("projects/old.json"),
        "{\"name\":\"old\",\"id\":\"1\",\"maintainers\":[],"
            + "\"pushCredentialSha256\":\"ab\",\"watchedRemote\":null}");

    ProjectStore again = ProjectStore.open(data);

    assertThat(again.get("w").imageRepository()).isEqualTo("127.0.0.1:5000/acme/widget");
    assertThat(again.get("plain").imageRepository()).isNull();
    assertThat(again.get("old").imageRepository()).isNull();
  }

  @Test
  void rotatePushCredential_oldTokenStopsWorking() throws Exception {
    ProjectStore store = ProjectStore.open(data);
    String old = store.create("p", "https://example.org/p.git").pushToken();

    String fresh = store.rotatePushCredential("p");

    assertThat(ProjectStore.matchesPushCredential(store.get("p"), old)).isFalse();
    assertThat(ProjectStore.matchesPushCredential(store.get("p"), fresh)).isTrue();
    assertThat(store.get("p").watched()).isPresent();
  }
}
