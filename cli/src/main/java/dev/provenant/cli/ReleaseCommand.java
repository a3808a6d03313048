package dev.provenant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.platform.client.PlatformClient;
import dev.provenant.platform.up.Instance;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code provenant release wait|download|rebuild}: releases of a running platform. */
@Command(
    name = "release",
    mixinStandardHelpOptions = true,
    description = "Releases of a running platform.",
    subcommands = {
      ReleaseCommand.Wait.class,
      ReleaseCommand.Download.class,
      ReleaseRebuildCommand.class
    })
final class ReleaseCommand {

  /** {@code provenant release wait NAME TAG}. */
  @Command(
      name = "wait",
      mixinStandardHelpOptions = true,
      description = {
        "Wait until a pushed tag is released (exit 0) or refused or failed (exit 1, reason on stderr).",
        "Exit 4 when nothing was released within the timeout."
      })
  static final class Wait implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "TAG")
    String tag;

    @Option(names = "--instance", required = true, paramLabel = "FILE")
    Path instance;

    @Option(names = "--timeout", defaultValue = "600", paramLabel = "SECONDS")
    double timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
      long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
      String last = null;
      try {
        PlatformClient client = new PlatformClient(Instance.read(instance).web(), null);
        while (true) {
          String status;
          JsonNode r = null;
          try {
            r = client.release(name, tag);
            status = r.path("status").asText();
          } catch (PlatformClient.PlatformException e) {
            if (e.status() != 404) {
              System.err.println("FAILED: " + e.code() + ": " + e.getMessage());
              return ExitCode.UNREACHABLE.code();
            }
            status = "not yet triggered";
          }
          if (!status.equals(last)) {
            System.err.println("release " + name + " " + tag + ": " + status);
            last = status;
          }
          if (status.equals("released")) {
            for (JsonNode img : r.path("images")) {
              List<String> platforms = new java.util.ArrayList<>();
              img.path("platforms").forEach(p -> platforms.add(p.asText()));
              System.err.println(
                  "image "
                      + img.path("reference").asText()
                      + " ("
                      + String.join(", ", platforms)
                      + ")");
            }
            System.out.println(r.path("provenance").asText());
            return ExitCode.VERIFIED.code();
          }
          if (status.equals("refused") || status.equals("failed")) {
            System.err.println("FAILED: " + status + ": " + r.path("reason").asText());
            return ExitCode.POLICY_MISMATCH.code();
          }
          if (System.nanoTime() > deadline) {
            System.err.println(
                "FAILED: TIMEOUT: "
                    + name
                    + " "
                    + tag
                    + " still "
                    + status
                    + " after "
                    + timeoutSeconds
                    + " s");
            return ExitCode.NOT_FOUND.code();
          }
          Thread.sleep(100);
        }
      } catch (IOException e) {
        System.err.println("FAILED: " + e.getMessage());
        return ExitCode.UNREACHABLE.code();
      }
    }
  }

  /** {@code provenant release download NAME TAG --to DIR}. */
  @Command(
      name = "download",
      mixinStandardHelpOptions = true,
      description =
          "Download a release's files and provenance; each file's sha256 is checked against the listing.")
  static final class Download implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "TAG")
    String tag;

    @Option(names = "--instance", required = true, paramLabel = "FILE")
    Path instance;

    @Option(names = "--to", required = true, paramLabel = "DIR")
    Path to;

    @Override
    public Integer call() {
      try {
        PlatformClient client = new PlatformClient(Instance.read(instance).web(), null);
        JsonNode r = client.release(name, tag);
        if (!r.path("status").asText().equals("released")) {
          System.err.println(
              "FAILED: "
                  + name
                  + " "
                  + tag
                  + " is "
                  + r.path("status").asText()
                  + (r.path("reason").isTextual() ? ": " + r.path("reason").asText() : ""));
          return ExitCode.NOT_FOUND.code();
        }
        Files.createDirectories(to);
        for (JsonNode f : r.path("files")) {
          Path target =
              to.resolve(
                  dev.provenant.platform.release.ReleaseFile.requireName(f.path("name").asText()));
          client.download(f.path("url").asText(), target);
          String got = sha256(target);
          if (!got.equals(f.path("sha256").asText())) {
            Files.delete(target);
            System.err.println(
                "FAILED: "
                    + target.getFileName()
                    + ": expected sha256 "
                    + f.path("sha256").asText()
                    + ", got "
                    + got);
            return ExitCode.INVALID.code();
          }
          System.err.println("downloaded " + target);
        }
        String prov = r.path("provenance").asText();
        Path provTarget = to.resolve(prov.substring(prov.lastIndexOf('/') + 1));
        client.download(prov, provTarget);
        System.err.println("downloaded " + provTarget);
        return ExitCode.VERIFIED.code();
      } catch (PlatformClient.PlatformException e) {
        System.err.println("FAILED: " + e.code() + ": " + e.getMessage());
        return e.status() == 404 ? ExitCode.NOT_FOUND.code() : ExitCode.UNREACHABLE.code();
      } catch (IOException | IllegalArgumentException e) {
        System.err.println("FAILED: " + e.getMessage());
        return ExitCode.UNREACHABLE.code();
      }
    }

    private static String sha256(Path f) throws IOException {
      try (InputStream in =
          new DigestInputStream(Files.newInputStream(f), MessageDigest.getInstance("SHA-256"))) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
        return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
