package dev.provenant.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The start-up fast path's argument reader: reads a command line by a fixed option table, for the
 * commands a short run is measured on (bench/cold-start), without building picocli's model.
 *
 * <p>Why: picocli builds its command model by reflection over the annotations, and its classes
 * (compiled for Java 5) cannot go into the class-data cache; together that was about a third of a
 * cold verification's CPU. Behaviour stays picocli's: this reader accepts only a plain subset of
 * what picocli accepts, with the same meaning, and returns null for anything else (help, version,
 * unknown or repeated options, missing values, values that look like options, {@code --}), which then goes through picocli as before, so help, errors and exit codes are
 * picocli's. {@code FastArgsTest} checks each table against the picocli model.
 */
final class FastArgs {
  /** How many values an option takes. */
  enum Arity {
    /** A boolean flag, no value. */
    FLAG,
    /** Exactly one value, given once. */
    ONE,
    /** One value per occurrence, any number of occurrences. */
    REPEATABLE
  }

  private final Map<String, List<String>> options;
  private final List<String> positionals;

  private FastArgs(Map<String, List<String>> options, List<String> positionals) {
    this.options = options;
    this.positionals = positionals;
  }

  /**
   * Reads {@code args} from index {@code from} by {@code table} (option name to arity).
   *
   * @return the options and positional parameters, or null when picocli must read this line
   */
  static FastArgs parse(String[] args, int from, Map<String, Arity> table) {
    Map<String, List<String>> options = new LinkedHashMap<>();
    List<String> positionals = new ArrayList<>();
    for (int i = from; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("-")) {
        positionals.add(a);
        continue;
      }
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 2) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
        if (value.isEmpty()) {
          return null;
        }
      }
      Arity arity = table.get(name);
      if (arity == null) {
        return null; // help, version, short options, "--", "-", unknown: picocli's
      }
      List<String> seen = options.get(name);
      if (seen != null && arity != Arity.REPEATABLE) {
        return null; // picocli rejects a repeated single-value option
      }
      if (arity == Arity.FLAG) {
        if (value != null) {
          return null;
        }
        options.put(name, List.of());
        continue;
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          return null;
        }
        value = args[++i];
        if (value.startsWith("-")) {
          return null; // picocli decides whether that is a value or a missing one
        }
      }
      options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return new FastArgs(options, positionals);
  }

  /** One option table from several (a command's own options and a mixin's). */
  @SafeVarargs
  static Map<String, Arity> table(Map<String, Arity>... parts) {
    Map<String, Arity> t = new LinkedHashMap<>();
    for (Map<String, Arity> p : parts) {
      t.putAll(p);
    }
    return Collections.unmodifiableMap(t);
  }

  /** Whether every one of {@code names} was given (picocli reports a missing required option). */
  boolean hasAll(String... names) {
    for (String n : names) {
      if (!options.containsKey(n)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The option's value as a path, or null when not given.
   *
   * @throws java.nio.file.InvalidPathException when it is not a path (the caller leaves the line
   *     to picocli, which reports it)
   */
  java.nio.file.Path path(String name) {
    String v = one(name);
    return v == null ? null : java.nio.file.Paths.get(v);
  }

  /** Whether the option was given. */
  boolean has(String name) {
    return options.containsKey(name);
  }

  /** The option's value, or null when not given. */
  String one(String name) {
    List<String> v = options.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** Every value of a repeatable option, in order (empty when not given). */
  List<String> all(String name) {
    List<String> v = options.get(name);
    return v == null ? List.of() : Collections.unmodifiableList(v);
  }

  /** The positional parameters, in order. */
  List<String> positionals() {
    return Collections.unmodifiableList(positionals);
  }
}
