package dev.provenant.platform.image;

import dev.provenant.platform.sandbox.SandboxResult;
import dev.provenant.platform.source.BuildDefinition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The image layouts among a build's outputs: the sandbox collects each declared layout's files like
 * any output (regular files only, symbolic links refused), and they are the image's, not released
 * files.
 */
public final class ImageOutputs {
  private ImageOutputs() {}

  /** The output patterns the sandbox must collect: the definition's, then each layout's files. */
  public static List<String> patterns(BuildDefinition def) {
    List<String> out = new ArrayList<>(def.outputs());
    for (BuildDefinition.Image i : def.images()) {
      out.add(i.outputPattern());
    }
    return out;
  }

  /** Whether a collected output (path relative to the workspace) is a file of a declared image. */
  public static boolean isImageFile(BuildDefinition def, String outputName) {
    return def.images().stream().anyMatch(i -> i.contains(outputName));
  }

  /**
   * The sandbox result without the image's files: what is released as files (the image goes to the
   * registry instead).
   */
  public static SandboxResult withoutImages(SandboxResult result, BuildDefinition def) {
    if (def.images().isEmpty()) {
      return result;
    }
    return new SandboxResult(
        result.status(),
        result.exitCode(),
        result.reason(),
        result.outputs().stream().filter(o -> !isImageFile(def, o.name())).toList(),
        result.fetched(),
        result.settings(),
        result.timings());
  }

  /**
   * Reads and checks the image from the collected outputs: its layout's files, or its archive
   * unpacked under {@code scratch} (the platform's own directory).
   *
   * @throws ImageReleaseException as {@link OciLayoutReader#read} and {@link OciArchives#unpack}
   * @throws IOException if the platform's scratch directory cannot be written
   */
  public static OciImage read(
      BuildDefinition.Image image, List<SandboxResult.Output> outputs, Path scratch)
      throws ImageReleaseException, IOException {
    Map<String, Path> files = new TreeMap<>();
    for (SandboxResult.Output o : outputs) {
      if (!image.contains(o.name())) {
        continue;
      }
      if (image.archive()) {
        files = OciArchives.unpack(o.storedCopy(), scratch.resolve("image-archive"), image.path());
      } else {
        files.put(o.name().substring(image.path().length() + 1), o.storedCopy());
      }
    }
    return OciLayoutReader.read(files, image.path());
  }
}
