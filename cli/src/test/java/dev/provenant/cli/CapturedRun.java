package dev.provenant.cli;

import dev.provenant.verify.Reason;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One in-process run of {@link Main} with its exit code, standard output and standard error: the
 * one in-process CLI runner of the tests. Runs are serialized: {@code System.out} and {@code
 * System.err} are the process's.
 */
public record CapturedRun(int exit, String out, String err) {

  /** Runs {@code command} with {@code args} after it. */
  static CapturedRun of(String command, String... args) {
    List<String> a = new ArrayList<>(List.of(command));
    a.addAll(List.of(args));
    return of(a.toArray(String[]::new));
  }

  /** Runs the command line {@code args}; its standard output stripped. */
  static CapturedRun of(String[] args) {
    CapturedRun r = raw(args);
    return new CapturedRun(r.exit, r.out.strip(), r.err);
  }

  /** Runs the command line {@code args}; its standard output as printed. */
  public static synchronized CapturedRun raw(String... args) {
    PrintStream o = System.out;
    PrintStream e = System.err;
    ByteArrayOutputStream ob = new ByteArrayOutputStream();
    ByteArrayOutputStream eb = new ByteArrayOutputStream();
    try (PrintStream po = new PrintStream(ob, true, StandardCharsets.UTF_8);
        PrintStream pe = new PrintStream(eb, true, StandardCharsets.UTF_8)) {
      System.setOut(po);
      System.setErr(pe);
      int exit = Main.run(args);
      return new CapturedRun(
          exit, ob.toString(StandardCharsets.UTF_8), eb.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(o);
      System.setErr(e);
    }
  }

  /** The failure reason the verifier printed. */
  Reason reason() {
    return SlsaCorpusTest.reasonOf(err);
  }
}
