package dev.provenant.cli;

import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code provenant digest FILE...}: prints {@code sha256:<hex>} per file, like {@code crane digest}. */
@Command(name = "digest", description = "Print the sha256 digest of files.", mixinStandardHelpOptions = true)
final class DigestCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE")
  List<Path> files;


  @Override
  public Integer call() {
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        System.err.println("FAILED: input: not a readable file: " + f);
        return ExitCode.USAGE.code();
      }
      try {
        String d = "sha256:" + Hex.encode(Sha256.hashFile(f));
        System.out.println(files.size() == 1 ? d : d + "  " + f);
      } catch (IOException e) {
        System.err.println("FAILED: input: cannot read " + f + ": " + e.getMessage());
        return ExitCode.USAGE.code();
      }
    }
    return ExitCode.VERIFIED.code();
  }
}
