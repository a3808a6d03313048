package dev.provenant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.platform.client.PlatformClient;
import dev.provenant.platform.up.Instance;
import dev.provenant.platform.web.AdminCredential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant project add|maintainer-add|maintainer-remove}: projects of a running platform.
 */
@Command(
    name = "project",
    mixinStandardHelpOptions = true,
    description =
        "Projects of a running platform (needs the admin credential `up` wrote beside instance.json).",
    subcommands = {
      ProjectCommand.Add.class,
      ProjectCommand.MaintainerAdd.class,
      ProjectCommand.MaintainerRemove.class
    })
final class ProjectCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  abstract static class Base implements Callable<Integer> {
    @Option(
        names = "--instance",
        required = true,
        paramLabel = "FILE",
        description = "The instance.json `up` wrote.")
    Path instance;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json")
    String format;

    abstract JsonNode act(PlatformClient client)
        throws IOException, PlatformClient.PlatformException;

    abstract void printText(JsonNode answer);

    @Override
    public Integer call() {
      try {
        Instance in = Instance.read(instance);
        PlatformClient client =
            new PlatformClient(in.web(), AdminCredential.read(in.adminCredential()).token());
        JsonNode answer = act(client);
        if (format.equals("json")) {
          System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
        } else {
          printText(answer);
        }
        return ExitCode.VERIFIED.code();
      } catch (PlatformClient.PlatformException e) {
        System.err.println("FAILED: " + e.code() + ": " + e.getMessage());
        return e.status() == 401 || e.status() == 400 || e.status() == 404 || e.status() == 409
            ? ExitCode.USAGE.code()
            : ExitCode.UNREACHABLE.code();
      } catch (IOException e) {
        System.err.println("FAILED: " + e.getMessage());
        return e.getMessage() != null && e.getMessage().contains("unreachable")
            ? ExitCode.UNREACHABLE.code()
            : ExitCode.USAGE.code();
      }
    }
  }

  static List<String> readKeys(List<Path> files) throws IOException {
    List<String> keys = new ArrayList<>();
    for (Path f : files) {
      try {
        keys.add(Files.readString(f, StandardCharsets.UTF_8));
      } catch (java.nio.file.NoSuchFileException e) {
        throw new IOException("maintainer key file not found: " + f);
      }
    }
    return keys;
  }

  /** {@code provenant project add NAME --maintainer KEYFILE...}. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Create a hosted project; prints its push URL (with the push credential) and source URI.")
  static final class Add extends Base {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(
        names = "--maintainer",
        required = true,
        paramLabel = "KEYFILE",
        description = "An SSH public key line or an armored OpenPGP public key (repeatable).")
    List<Path> maintainers = new ArrayList<>();

    @Option(
        names = "--remote",
        paramLabel = "URL",
        description = "Watch this remote for tags instead of hosting pushes.")
    String remote;

    @Option(
        names = "--image-repository",
        paramLabel = "REGISTRY/REPO",
        description =
            "Where the platform pushes the project's released images (by digest, with their "
                + "provenance attached); builds declare images in build.yaml but never choose this.")
    String imageRepository;

    @Override
    JsonNode act(PlatformClient client) throws IOException, PlatformClient.PlatformException {
      return client.addProject(name, readKeys(maintainers), remote, imageRepository);
    }

    @Override
    void printText(JsonNode a) {
      System.out.println("project " + a.path("name").asText() + " created");
      System.out.println("push URL:   " + a.path("pushUrl").asText());
      System.out.println("source URI: " + a.path("sourceUri").asText());
      if (a.hasNonNull("imageRepository")) {
        System.out.println("images to: " + a.path("imageRepository").asText());
      }
      for (JsonNode m : a.path("maintainers")) {
        System.out.println(
            "maintainer: " + m.path("kind").asText() + " " + m.path("fingerprint").asText());
      }
    }
  }

  /** {@code provenant project maintainer-add NAME --maintainer KEYFILE}. */
  @Command(
      name = "maintainer-add",
      mixinStandardHelpOptions = true,
      description = "Allow one more maintainer key.")
  static final class MaintainerAdd extends Base {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--maintainer", required = true, paramLabel = "KEYFILE")
    Path key;

    @Override
    JsonNode act(PlatformClient client) throws IOException, PlatformClient.PlatformException {
      return client.addMaintainer(name, readKeys(List.of(key)).get(0));
    }

    @Override
    void printText(JsonNode a) {
      for (JsonNode m : a.path("maintainers")) {
        System.out.println(
            "maintainer: " + m.path("kind").asText() + " " + m.path("fingerprint").asText());
      }
    }
  }

  /** {@code provenant project maintainer-remove NAME FINGERPRINT}. */
  @Command(
      name = "maintainer-remove",
      mixinStandardHelpOptions = true,
      description = "Remove a maintainer key by fingerprint: their later tags are refused.")
  static final class MaintainerRemove extends Base {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "FINGERPRINT")
    String fingerprint;

    @Override
    JsonNode act(PlatformClient client) throws IOException, PlatformClient.PlatformException {
      return client.removeMaintainer(name, fingerprint);
    }

    @Override
    void printText(JsonNode a) {
      System.out.println(
          "maintainers of " + a.path("name").asText() + ": " + a.path("maintainers").size());
    }
  }
}
