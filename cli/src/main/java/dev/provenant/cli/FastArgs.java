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
 * cold verification's CPU. Reading the same {@code @Option}, {@code @Parameters} and {@code @Mixin}
 * annotations directly costs a few field lookups, so each option is declared once, on its field,
 * and both readers follow that declaration (names, arity by field type, {@code required},
 * {@code defaultValue}).
 *
 * <p>Behaviour stays picocli's: this reader accepts only a plain subset of what picocli accepts,
 * with the same meaning, and returns null for anything else (help, version, unknown or repeated
 * options, missing values or required options, values that look like options, {@code --}, a value
 * it cannot convert, an annotation attribute it does not model), which then goes through picocli,
 * so help, errors and exit codes are picocli's. {@code FastArgsTest} checks, for every option of
 * every fast command, that both readers set the same fields.
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

  /** Where the build writes the option index ({@link FastArgsIndex}), beside this class. */
  static final String INDEX = "fast-args.index";

  /** picocli's "no default value" marker, read from the annotation itself. */
  private static final String NO_DEFAULT = "__no_default_value__";

  /**
   * One option or positional parameter as declared on a command's field, as the build reads it
   * from the annotations.
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
  record Spec(boolean option, String path, String type, boolean many, List<String> names, boolean required,
      String defaultValue, int min, int max) {
    /** One tab-separated index line; the build refuses values that would not survive it. */
    String line() {
      String d = defaultValue == null ? "\u0000" : defaultValue;
      if (d.contains("\t") || d.contains("\n")) {
        throw new IllegalArgumentException("default value with a tab or newline: " + path);
      }
      return String.join("\t", option ? "O" : "P", path, type, many ? "*" : "1", String.join(",", names),
          required ? "1" : "0", d, String.valueOf(min), String.valueOf(max));
    }

    static Spec parse(String line) {
      String[] f = line.split("\t", -1);
      return new Spec(f[0].equals("O"), f[1], f[2], f[3].equals("*"),
          f[4].isEmpty() ? List.of() : List.of(f[4].split(",")), f[5].equals("1"),
          f[6].equals("\u0000") ? null : f[6], Integer.parseInt(f[7]), Integer.parseInt(f[8]));
    }
  }

  /** A declaration this reader does not model: picocli reads every line of that command. */
  static final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported(String what) {
      super(what);
    }
  }

  /**
   * The options and parameters declared on {@code type} and its mixins, read from picocli's
   * annotations. Run by the build ({@link FastArgsIndex}): annotation reflection creates a proxy
   * class per annotation type, which cost about 50 ms of a cold start.
   *
   * @throws Unsupported when a declaration uses something this reader leaves to picocli
   */
  static List<Spec> describe(Class<?> type) throws Unsupported {
    List<Spec> out = new ArrayList<>();
    describe(type, "", out);
    if (out.stream().filter(sp -> !sp.option()).count() > 1) {
      throw new Unsupported(type.getName() + ": more than one @Parameters");
    }
    return out;
  }

  private static void describe(Class<?> type, String prefix, List<Spec> out) throws Unsupported {
    for (Field f : type.getDeclaredFields()) {
      String path = prefix + f.getName();
      boolean many = java.util.Collection.class.isAssignableFrom(f.getType());
      Option o = f.getAnnotation(Option.class);
      Parameters p = f.getAnnotation(Parameters.class);
      if (o != null) {
        // Attributes picocli gives a meaning this reader does not model.
        if (!o.arity().isEmpty() || !o.split().isEmpty() || o.negatable() || o.interactive()
            || o.converter().length > 0 || o.defaultValue().contains("${")) {
          throw new Unsupported(path + ": an @Option attribute the fast path does not model");
        }
        String d = NO_DEFAULT.equals(o.defaultValue()) ? null : o.defaultValue();
        out.add(new Spec(true, path, typeName(f, many), many, List.of(o.names()), o.required(), d, 0, 0));
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
        if ((!p.index().isEmpty() && !p.index().equals("0") && !p.index().equals("0..*")) || (!many && max != 1)) {
          throw new Unsupported(path + ": @Parameters index " + p.index());
        }
        out.add(new Spec(false, path, typeName(f, many), many, List.of(), false, null, min, max));
      } else if (f.isAnnotationPresent(Mixin.class)) {
        describe(f.getType(), path + ".", out);
      } else if (f.isAnnotationPresent(ArgGroup.class) || f.isAnnotationPresent(picocli.CommandLine.Spec.class)
          || f.isAnnotationPresent(ParentCommand.class) || f.isAnnotationPresent(Unmatched.class)) {
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
    if (t != String.class && t != java.nio.file.Path.class && t != java.net.URI.class && t != int.class
        && t != Integer.class && t != long.class && t != Long.class && t != boolean.class && t != Boolean.class) {
      throw new Unsupported(f.getName() + ": type " + t.getName());
    }
    return t.getName();
  }

  /** The index the build wrote: command class name to its specs (absent: picocli reads it). */
  private static Map<String, List<Spec>> index;

  private static synchronized Map<String, List<Spec>> index() {
    if (index == null) {
      Map<String, List<Spec>> m = new java.util.HashMap<>();
      try (java.io.InputStream in = FastArgs.class.getResourceAsStream(INDEX)) {
        if (in != null) {
          String cls = null;
          for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("C\t")) {
              cls = line.substring(2);
              m.put(cls, new ArrayList<>());
            } else if (!line.isEmpty() && cls != null) {
              m.get(cls).add(Spec.parse(line));
            }
          }
        }
      } catch (java.io.IOException e) {
        m.clear(); // no index: every line goes to picocli, which is slower but the same
      }
      index = m;
    }
    return index;
  }

  /** Thrown inside {@link #bind} when the line is one only picocli reads. */
  private static final class LeaveToPicocli extends Exception {
    private static final long serialVersionUID = 1L;

    LeaveToPicocli() {
      super(null, null, false, false);
    }
  }

  /**
   * A new {@code type} with its annotated fields set as picocli would set them from {@code args}
   * (args[0] is the command name), or null when picocli must read this line.
   */
  static <T> T bind(Class<T> type, String[] args) {
    List<Spec> specs = index().get(type.getName());
    if (specs == null) {
      return null;
    }
    try {
      Map<String, Arity> table = new LinkedHashMap<>();
      for (Spec sp : specs) {
        if (sp.option()) {
          Arity a = sp.many() ? Arity.REPEATABLE : isBoolean(sp.type()) ? Arity.FLAG : Arity.ONE;
          for (String n : sp.names()) {
            table.put(n, a);
          }
        }
      }
      FastArgs a = parse(args, 1, table);
      if (a == null) {
        return null;
      }
      T command = newInstance(type);
      for (Spec sp : specs) {
        owner(command, sp.path()); // picocli makes every mixin, given or not
      }
      Spec positional = null;
      for (Spec sp : specs) {
        if (!sp.option()) {
          positional = sp;
          continue;
        }
        String given = null;
        for (String n : sp.names()) {
          if (a.has(n)) {
            if (given != null) {
              return null; // the same option twice, under two names: picocli rejects it
            }
            given = n;
          }
        }
        if (given != null) {
          set(command, sp, a.all(given), true);
        } else if (sp.required()) {
          return null; // picocli reports the missing option
        } else if (sp.defaultValue() != null) {
          set(command, sp, List.of(sp.defaultValue()), false);
        }
      }
      List<String> values = a.positionals();
      if (positional == null) {
        if (!values.isEmpty()) {
          return null; // picocli reports the unmatched argument
        }
      } else if (values.size() < positional.min() || values.size() > positional.max()) {
        return null;
      } else if (!values.isEmpty()) {
        set(command, positional, values, true);
      }
      return command;
    } catch (LeaveToPicocli e) {
      return null;
    }
  }

  private static boolean isBoolean(String type) {
    return type.equals("boolean") || type.equals("java.lang.Boolean");
  }

  private static <T> T newInstance(Class<T> type) throws LeaveToPicocli {
    try {
      java.lang.reflect.Constructor<T> c = type.getDeclaredConstructor();
      c.setAccessible(true);
      return c.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new LeaveToPicocli();
    }
  }

  /**
   * Sets the spec's field on {@code command} (or on its mixin, made on first use) from its values:
   * a given flag, one value, or each for a collection, converted by the declared type.
   */
  private static void set(Object command, Spec sp, List<String> values, boolean given) throws LeaveToPicocli {
    Object value;
    if (isBoolean(sp.type())) {
      value = values.isEmpty() ? given : Boolean.valueOf(values.get(0)); // given flag, or its default
    } else if (sp.many()) {
      List<Object> list = new ArrayList<>();
      for (String v : values) {
        list.add(convert(sp.type(), v));
      }
      value = list;
    } else {
      value = convert(sp.type(), values.get(0));
    }
    try {
      Object owner = owner(command, sp.path());
      Field f = owner.getClass().getDeclaredField(sp.path().substring(sp.path().lastIndexOf('.') + 1));
      f.setAccessible(true);
      f.set(owner, value);
    } catch (ReflectiveOperationException e) {
      throw new LeaveToPicocli();
    }
  }

  /** The object holding the field at {@code path}: the command, or its mixin (made on first use). */
  private static Object owner(Object command, String path) throws LeaveToPicocli {
    Object owner = command;
    String[] parts = path.split("\\.");
    try {
      for (int i = 0; i < parts.length - 1; i++) {
        Field mixin = owner.getClass().getDeclaredField(parts[i]);
        mixin.setAccessible(true);
        Object next = mixin.get(owner);
        if (next == null) {
          next = newInstance(mixin.getType());
          mixin.set(owner, next);
        }
        owner = next;
      }
    } catch (ReflectiveOperationException e) {
      throw new LeaveToPicocli();
    }
    return owner;
  }

  /** Picocli's built-in conversions for the types the index admits. */
  private static Object convert(String type, String v) throws LeaveToPicocli {
    try {
      switch (type) {
        case "java.lang.String":
          return v;
        case "java.nio.file.Path":
          return java.nio.file.Paths.get(v);
        case "java.net.URI":
          return new java.net.URI(v);
        case "int":
        case "java.lang.Integer":
          return Integer.valueOf(v);
        case "long":
        case "java.lang.Long":
          return Long.valueOf(v);
        default:
          throw new LeaveToPicocli();
      }
    } catch (java.nio.file.InvalidPathException | java.net.URISyntaxException | NumberFormatException e) {
      throw new LeaveToPicocli(); // picocli reports the bad value
    }
  }
}
