package dev.provenant.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Build step (cli/pom.xml, process-classes): writes {@link FastArgs#INDEX}, the fast path's view of
 * each fast command's {@code @Option}, {@code @Parameters} and {@code @Mixin} fields, read from the
 * annotations. So an option is declared once, on its field, and the index follows each build;
 * reading the annotations at run time instead cost about 50 ms of a cold start (annotation
 * proxies). A command with a declaration the fast path does not model gets no entry, and picocli
 * reads all its lines.
 */
public final class FastArgsIndex {
  private FastArgsIndex() {}

  /** {@code OUTPUT_CLASSES_DIR}. */
  public static void main(String[] args) throws IOException {
    StringBuilder out = new StringBuilder();
    for (String name : Main.FAST.stream().sorted().toList()) {
      Class<?> type = Main.COMMANDS.get(name);
      List<FastArgs.Spec> specs;
      try {
        specs = FastArgs.describe(type);
      } catch (FastArgs.Unsupported e) {
        System.err.println("fast-args index: " + name + " left to picocli: " + e.getMessage());
        continue;
      }
      out.append("C\t").append(type.getName()).append('\n');
      for (FastArgs.Spec sp : specs) {
        out.append(sp.line()).append('\n');
      }
    }
    Path file = Paths.get(args[0], FastArgs.class.getPackageName().replace('.', '/'), FastArgs.INDEX);
    Files.createDirectories(file.getParent());
    Files.writeString(file, out, StandardCharsets.UTF_8);
  }
}
