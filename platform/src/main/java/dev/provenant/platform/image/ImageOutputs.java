package dev.provenant.platform.image;

import dev.provenant.platform.sandbox.SandboxResult;
import dev.provenant.platform.source.BuildDefinition;
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
   * Reads and checks the image of {@code image}'s layout from the collected outputs.
   *
   * @throws ImageReleaseException as {@link OciLayoutReader#read}
   */
  public static OciImage read(BuildDefinition.Image image, List<SandboxResult.Output> outputs)
      throws ImageReleaseException {
    Map<String, java.nio.file.Path> files = new TreeMap<>();
    for (SandboxResult.Output o : outputs) {
      if (image.contains(o.name())) {
        files.put(o.name().substring(image.layout().length() + 1), o.storedCopy());
      }
    }
    return OciLayoutReader.read(files, image.layout());
  }
}
