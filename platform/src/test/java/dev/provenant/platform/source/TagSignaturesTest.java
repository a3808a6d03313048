package dev.provenant.platform.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Signatures made by the real ssh-keygen and gpg over a tag payload, checked against an allow-list.
 */
class TagSignaturesTest {
  static final String PAYLOAD =
      "object 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ntype commit\ntag v1.0.0\n"
          + "tagger Alice <alice@example.org> 1700000000 +0000\n\nrelease\n";

  @TempDir static Path tmp;
  static GitCli cli;
  static Path gnupg;

  @BeforeAll
  static void tools() throws Exception {
    GitCli.requireTools();
    cli = new GitCli(Files.createTempDirectory("pvs"));
    Files.writeString(tmp.resolve("payload"), PAYLOAD);
  }

  @AfterAll
  static void agents() {
    if (cli != null && gnupg != null) {
      cli.killAgents(List.of(gnupg));
    }
    GitCli.deleteTree(gnupg);
    if (cli != null) {
      GitCli.deleteTree(cli.home);
    }
  }

  static byte[] tag(String signature) {
    return (PAYLOAD + signature).getBytes(StandardCharsets.UTF_8);
  }

  static String sshSign(GitCli.SshKey key, String namespace) throws Exception {
    Path payload = tmp.resolve("payload");
    Files.deleteIfExists(Path.of(payload + ".sig"));
    cli.run(
        tmp,
        "ssh-keygen",
        "-q",
        "-Y",
        "sign",
        "-n",
        namespace,
        "-f",
        key.privateKey().toString(),
        payload.toString());
    return Files.readString(Path.of(payload + ".sig"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ed25519", "rsa", "ecdsa"})
  void sshSignature_byListedKey_verifiesWithSshKeygensFingerprint(String type) throws Exception {
    Path file = tmp.resolve("ssh-" + type + "/key");
    Files.createDirectories(file.getParent());
    cli.run(tmp, "ssh-keygen", "-q", "-t", type, "-N", "", "-f", file.toString());
    String pub = Files.readString(Path.of(file + ".pub"));
    String fp = cli.run(tmp, "ssh-keygen", "-lf", file + ".pub").split(" ")[1];
    GitCli.SshKey key = new GitCli.SshKey(file, pub, fp);
    MaintainerKey listed = MaintainerKey.parse(KeyKind.SSH, pub);

    TagSignatures.Verdict v = TagSignatures.check(tag(sshSign(key, "git")), List.of(listed));

    assertThat(listed.fingerprint()).isEqualTo(fp);
    assertThat(v.signer()).as(v.detail()).isEqualTo(listed);
  }

  @Test
  void sshSignature_forAnotherNamespace_isBadSignature() throws Exception {
    GitCli.SshKey key = cli.newSshKey(tmp.resolve("ns/key"), "alice");
    MaintainerKey listed = MaintainerKey.parse(KeyKind.SSH, key.publicKeyLine());

    TagSignatures.Verdict v = TagSignatures.check(tag(sshSign(key, "file")), List.of(listed));

    assertThat(v.refusal()).isEqualTo(TriggerDecision.Reason.BAD_SIGNATURE);
    assertThat(v.detail()).contains("namespace");
  }

  @Test
  void sshSignature_overOtherBytes_isBadSignature() throws Exception {
    GitCli.SshKey key = cli.newSshKey(tmp.resolve("other/key"), "alice");
    MaintainerKey listed = MaintainerKey.parse(KeyKind.SSH, key.publicKeyLine());
    String sig = sshSign(key, "git");

    byte[] raw = (PAYLOAD.replace("release", "forged!") + sig).getBytes(StandardCharsets.UTF_8);

    assertThat(TagSignatures.check(raw, List.of(listed)).refusal())
        .isEqualTo(TriggerDecision.Reason.BAD_SIGNATURE);
  }

  @Test
  void openPgpSignature_bySigningSubkey_isVerifiedAsPrimaryKey_andSha1IsRefused() throws Exception {
    gnupg = Files.createTempDirectory("pvg");
    GitCli.GpgKey primary = cli.newGpgKey(gnupg, "Carol <carol@example.org>", "ed25519");
    Map<String, String> env = primary.env();
    cli.run(
        tmp,
        env,
        "gpg",
        "--batch",
        "--pinentry-mode",
        "loopback",
        "--passphrase",
        "",
        "--quick-add-key",
        primary.fingerprint(),
        "ed25519",
        "sign",
        "never");
    String subFpr = null;
    for (String line :
        cli.run(tmp, env, "gpg", "--batch", "--with-colons", "--list-keys").split("\n")) {
      if (line.startsWith("fpr:")) {
        subFpr = line.split(":")[9];
      }
    }
    assertThat(subFpr).isNotEqualTo(primary.fingerprint());
    MaintainerKey listed =
        MaintainerKey.parse(
            KeyKind.OPENPGP,
            cli.run(tmp, env, "gpg", "--batch", "--armor", "--export", primary.fingerprint()));
    Path payload = tmp.resolve("payload");
    String bySubkey =
        cli.run(
            tmp,
            env,
            "gpg",
            "--batch",
            "--armor",
            "--detach-sign",
            "-u",
            subFpr + "!",
            "-o",
            "-",
            payload.toString());
    String sha1 =
        cli.run(
            tmp,
            env,
            "gpg",
            "--batch",
            "--armor",
            "--detach-sign",
            "--digest-algo",
            "SHA1",
            "-u",
            primary.fingerprint(),
            "-o",
            "-",
            payload.toString());

    TagSignatures.Verdict v = TagSignatures.check(tag(bySubkey), List.of(listed));
    TagSignatures.Verdict weak = TagSignatures.check(tag(sha1), List.of(listed));

    assertThat(listed.fingerprint()).isEqualTo(primary.fingerprint());
    assertThat(v.signer()).as(v.detail()).isEqualTo(listed);
    assertThat(weak.refusal()).isEqualTo(TriggerDecision.Reason.BAD_SIGNATURE);
    assertThat(weak.detail()).contains("broken hash");
  }

  @Test
  void malformedSignatureBlock_isBadSignature_andNoBlockIsUnsigned() {
    TagSignatures.Verdict garbage =
        TagSignatures.check(
            tag("-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n"), List.of());
    TagSignatures.Verdict none = TagSignatures.check(tag(""), List.of());

    assertThat(garbage.refusal()).isEqualTo(TriggerDecision.Reason.BAD_SIGNATURE);
    assertThat(none.refusal()).isEqualTo(TriggerDecision.Reason.UNSIGNED);
  }
}
