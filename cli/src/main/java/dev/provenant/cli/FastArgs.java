package dev.provenant.cli;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

/**
 * The start-up fast path's argument reader: reads a plain command line straight into a command's
 * picocli-annotated fields, without building picocli's model.
 *
 * <p>Why: picocli builds its command model by reflection over the annotations, and its classes
 * (compiled for Java 5) cannot go into the class-data cache; together that was about a third of a
 * cold verification's CPU.
 *
 * <p>One declaration: an option is declared once, as an {@code @Option} field (or {@code @Mixin},
 * {@code @Parameters}). At build time {@link #describe} reads those annotations and {@link
 * FastBinderGenerator} generates {@link #BINDER}, plain field assignments per command that follow
 * the declaration (names, arity by field type, {@code required}, {@code defaultValue}); at run time
 * {@link #bind} calls it. Reading the annotations, or an index of them, at run time cost 40-70 ms
 * of CPU per cold start (BENCHMARKS.md).
 *
 * <p>Behaviour stays picocli's: this reader accepts only a plain subset of what picocli accepts,
 * with the same meaning, and returns null for anything else (help, version, unknown or repeated
 * options, missing values or required options, values that look like options, {@code --}, a value
 * it cannot convert), which then goes through picocli, so help, errors and exit codes are
 * picocli's. A command whose declarations use what this reader does not model gets no binder and
 * always goes through picocli. {@code FastArgsTest} checks, for every option of every fast command,
 * that both readers set the same fields.
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

  // ------------------------------------------------------------------ binding to annotated fields

  /** picocli's "no default value" marker, read from the annotation itself. */
  private static final String NO_DEFAULT = "__no_default_value__";

  /**
   * One option or positional parameter as declared on a command's field, as the build reads it from
   * the annotations.
   *
   * @param option true for an {@code @Option}, false for the {@code @Parameters}
   * @param path the field, {@code name} or {@code mixinField.name}
   * @param type the field's type; for a collection, its element type
   * @param many whether the field is a collection (a repeatable option, or any number of values)
   * @param names the option's names (empty for parameters)
   * @param required whether picocli requires the option
   * @param defaultValue the declared default, or null
   * @param min the fewest positional values (parameters only)
   * @param max the most positional values (parameters only)
   */
  record Spec(
      boolean option,
      String path,
      String type,
      boolean many,
      List<String> names,
      boolean required,
      String defaultValue,
      int min,
      int max) {}

  /**
   * What a command declares: its options and parameters, and its mixins (field path to class name),
   * which picocli always creates.
   */
  record Declared(List<Spec> specs, Map<String, String> mixins) {}

  /** A declaration this reader does not model: picocli reads every line of that command. */
  static final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported(String what) {
      super(what);
    }
  }

  /**
   * The options and parameters declared on {@code type} and its mixins, read from picocli's
   * annotations. Run by the build ({@link FastBinderGenerator}): annotation reflection creates a
   * proxy class per annotation type, which cost about 50 ms of a cold start.
   *
   * @throws Unsupported when a declaration uses something this reader leaves to picocli
   */
  static Declared describe(Class<?> type) throws Unsupported {
    List<Spec> out = new ArrayList<>();
    Map<String, String> mixins = new LinkedHashMap<>();
    describe(type, "", out, mixins);
    if (out.stream().filter(sp -> !sp.option()).count() > 1) {
      throw new Unsupported(type.getName() + ": more than one @Parameters");
    }
    return new Declared(out, mixins);
  }

  private static void describe(
      Class<?> type, String prefix, List<Spec> out, Map<String, String> mixins) throws Unsupported {
    for (Field f : type.getDeclaredFields()) {
      String path = prefix + f.getName();
      boolean annotated =
          f.isAnnotationPresent(Option.class)
              || f.isAnnotationPresent(Parameters.class)
              || f.isAnnotationPresent(Mixin.class);
      if (annotated && java.lang.reflect.Modifier.isPrivate(f.getModifiers())) {
        throw new Unsupported(path + ": private (the generated binder assigns fields directly)");
      }
      boolean many = java.util.Collection.class.isAssignableFrom(f.getType());
      Option o = f.getAnnotation(Option.class);
      Parameters p = f.getAnnotation(Parameters.class);
      if (o != null) {
        // Attributes picocli gives a meaning this reader does not model.
        if (!o.arity().isEmpty()
            || !o.split().isEmpty()
            || o.negatable()
            || o.interactive()
            || o.converter().length > 0
            || o.defaultValue().contains("${")) {
          throw new Unsupported(path + ": an @Option attribute the fast path does not model");
        }
        String d = NO_DEFAULT.equals(o.defaultValue()) ? null : o.defaultValue();
        out.add(
            new Spec(
                true, path, typeName(f, many), many, List.of(o.names()), o.required(), d, 0, 0));
      } else if (p != null) {
        int min;
        int max;
        String arity = p.arity();
        if (arity.isEmpty()) {
          min = many ? 0 : 1;
          max = many ? Integer.MAX_VALUE : 1;
        } else if (arity.matches("\\d+")) {
          min = Integer.parseInt(arity);
          max = min;
        } else if (arity.matches("\\d+\\.\\.\\*")) {
          min = Integer.parseInt(arity.substring(0, arity.indexOf('.')));
          max = Integer.MAX_VALUE;
        } else {
          throw new Unsupported(path + ": @Parameters arity " + arity);
        }
        if ((!p.index().isEmpty() && !p.index().equals("0") && !p.index().equals("0..*"))
            || (!many && max != 1)) {
          throw new Unsupported(path + ": @Parameters index " + p.index());
        }
        out.add(new Spec(false, path, typeName(f, many), many, List.of(), false, null, min, max));
      } else if (f.isAnnotationPresent(Mixin.class)) {
        mixins.put(path, f.getType().getName());
        describe(f.getType(), path + ".", out, mixins);
      } else if (f.isAnnotationPresent(ArgGroup.class)
          || f.isAnnotationPresent(picocli.CommandLine.Spec.class)
          || f.isAnnotationPresent(ParentCommand.class)
          || f.isAnnotationPresent(Unmatched.class)) {
        throw new Unsupported(path + ": @ArgGroup, @Spec, @ParentCommand or @Unmatched");
      }
    }
  }

  private static String typeName(Field f, boolean many) throws Unsupported {
    Class<?> t = f.getType();
    if (many) {
      if (!t.isAssignableFrom(ArrayList.class)
          || !(f.getGenericType() instanceof java.lang.reflect.ParameterizedType pt)
          || !(pt.getActualTypeArguments()[0] instanceof Class<?> c)) {
        throw new Unsupported(f.getName() + ": collection type " + f.getGenericType());
      }
      t = c;
    }
    if (t != String.class
        && t != java.nio.file.Path.class
        && t != java.net.URI.class
        && t != int.class
        && t != Integer.class
        && t != long.class
        && t != Long.class
        && t != boolean.class
        && t != Boolean.class) {
      throw new Unsupported(f.getName() + ": type " + t.getName());
    }
    return t.getName();
  }

  /**
   * The binder the build generates from {@link #describe} ({@link FastBinderGenerator}): plain
   * field assignments per command, so the fast path costs no reflection at run time.
   */
  interface Binder {
    /**
     * The command args[0] names, its fields set as picocli would set them from {@code args}, or
     * null when picocli must read this line.
     *
     * @throws LeaveToPicocli when a value does not convert (picocli reports it)
     */
    Object bind(String[] args) throws LeaveToPicocli;
  }

  /** The generated binder's class name. */
  static final String BINDER = "dev.provenant.cli.GeneratedFastBinder";

  /**
   * The command args[0] names with its fields set as picocli would set them from {@code args}, or
   * null when picocli must read this line (or the build made no binder).
   */
  static Object bind(String[] args) {
    try {
      Binder b = (Binder) Class.forName(BINDER).getDeclaredConstructor().newInstance();
      return b.bind(args);
    } catch (ReflectiveOperationException | LinkageError e) {
      return null; // no generated binder: picocli reads every line, slower but the same
    } catch (LeaveToPicocli e) {
      return null;
    }
  }

  /** Thrown by the generated binder when the line is one only picocli reads. */
  static final class LeaveToPicocli extends Exception {
    private static final long serialVersionUID = 1L;

    LeaveToPicocli() {
      super(null, null, false, false);
    }
  }

  /** The one option name of {@code names} given on the line, or null; throws when two are. */
  String given(String... names) throws LeaveToPicocli {
    String given = null;
    for (String n : names) {
      if (options.containsKey(n)) {
        if (given != null) {
          throw new LeaveToPicocli(); // the same option twice, under two names: picocli rejects it
        }
        given = n;
      }
    }
    return given;
  }

  /** Checks the number of positional parameters against the declared arity. */
  void positionalCount(int min, int max) throws LeaveToPicocli {
    if (positionals.size() < min || positionals.size() > max) {
      throw new LeaveToPicocli(); // picocli reports the missing or unmatched argument
    }
  }

  // Picocli's built-in conversions for the types the generator admits.

  static java.nio.file.Path toPath(String v) throws LeaveToPicocli {
    try {
      return java.nio.file.Paths.get(v);
    } catch (java.nio.file.InvalidPathException e) {
      throw new LeaveToPicocli();
    }
  }

  static java.net.URI toURI(String v) throws LeaveToPicocli {
    try {
      return new java.net.URI(v);
    } catch (java.net.URISyntaxException e) {
      throw new LeaveToPicocli();
    }
  }

  static Integer toInteger(String v) throws LeaveToPicocli {
    try {
      return Integer.valueOf(v);
    } catch (NumberFormatException e) {
      throw new LeaveToPicocli();
    }
  }

  static Long toLong(String v) throws LeaveToPicocli {
    try {
      return Long.valueOf(v);
    } catch (NumberFormatException e) {
      throw new LeaveToPicocli();
    }
  }

  static String toString(String v) {
    return v;
  }
}
