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
import picocli.CommandLine.Spec;
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

  /** picocli's "no default value" marker, read from the annotation itself. */
  private static final String NO_DEFAULT = noDefault();

  private static String noDefault() {
    try {
      return (String) Option.class.getMethod("defaultValue").getDefaultValue();
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("picocli's @Option has no defaultValue", e);
    }
  }

  /** One annotated field and the object it belongs to (the command, or one of its mixins). */
  private record Bound(Object owner, Field field) {}

  /** Thrown inside {@link #bind} when the line or a declaration is one only picocli reads. */
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
    try {
      T command = newInstance(type);
      Map<String, Bound> byName = new LinkedHashMap<>();
      List<Bound> params = new ArrayList<>();
      collect(command, byName, params);
      Map<String, Arity> table = new LinkedHashMap<>();
      byName.forEach((n, b) -> table.put(n, arity(b.field().getType())));
      FastArgs a = parse(args, 1, table);
      if (a == null) {
        return null;
      }
      for (Bound b : new java.util.LinkedHashSet<>(byName.values())) {
        Option o = b.field().getAnnotation(Option.class);
        String given = null;
        for (String n : o.names()) {
          if (a.has(n)) {
            if (given != null) {
              return null; // the same option twice, under two names: picocli rejects it
            }
            given = n;
          }
        }
        if (given != null) {
          set(b, a.all(given), a.has(given));
        } else if (o.required()) {
          return null; // picocli reports the missing option
        } else if (!NO_DEFAULT.equals(o.defaultValue())) {
          set(b, List.of(o.defaultValue()), true);
        }
      }
      bindPositionals(params, a.positionals());
      return command;
    } catch (LeaveToPicocli e) {
      return null;
    }
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

  /** Gathers the annotated fields of {@code target} and of its mixins (which it creates). */
  private static void collect(Object target, Map<String, Bound> byName, List<Bound> params) throws LeaveToPicocli {
    for (Field f : target.getClass().getDeclaredFields()) {
      Option o = f.getAnnotation(Option.class);
      if (o != null) {
        // Attributes picocli gives a meaning this reader does not model: leave the line to it.
        if (!o.arity().isEmpty() || !o.split().isEmpty() || o.negatable() || o.interactive()
            || o.converter().length > 0 || o.defaultValue().contains("${")) {
          throw new LeaveToPicocli();
        }
        f.setAccessible(true);
        for (String n : o.names()) {
          byName.put(n, new Bound(target, f));
        }
      } else if (f.isAnnotationPresent(Parameters.class)) {
        f.setAccessible(true);
        params.add(new Bound(target, f));
      } else if (f.isAnnotationPresent(Mixin.class)) {
        f.setAccessible(true);
        Object mixin = newInstance(f.getType());
        try {
          f.set(target, mixin);
        } catch (IllegalAccessException e) {
          throw new LeaveToPicocli();
        }
        collect(mixin, byName, params);
      } else if (f.isAnnotationPresent(ArgGroup.class) || f.isAnnotationPresent(Spec.class)
          || f.isAnnotationPresent(ParentCommand.class) || f.isAnnotationPresent(Unmatched.class)) {
        throw new LeaveToPicocli();
      }
    }
  }

  /** By the field's type, as picocli infers it when no arity is given. */
  private static Arity arity(Class<?> type) {
    if (type == boolean.class || type == Boolean.class) {
      return Arity.FLAG;
    }
    return java.util.Collection.class.isAssignableFrom(type) ? Arity.REPEATABLE : Arity.ONE;
  }

  /** Picocli's default arity for a positional field: one value, or any number for a collection. */
  private static void bindPositionals(List<Bound> params, List<String> values) throws LeaveToPicocli {
    if (params.isEmpty()) {
      if (!values.isEmpty()) {
        throw new LeaveToPicocli(); // picocli reports the unmatched argument
      }
      return;
    }
    if (params.size() > 1) {
      throw new LeaveToPicocli();
    }
    Bound b = params.get(0);
    Parameters p = b.field().getAnnotation(Parameters.class);
    boolean many = java.util.Collection.class.isAssignableFrom(b.field().getType());
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
      throw new LeaveToPicocli();
    }
    if ((!p.index().isEmpty() && !p.index().equals("0") && !p.index().equals("0..*"))
        || values.size() < min || values.size() > max || (!many && values.size() != 1)) {
      throw new LeaveToPicocli();
    }
    if (!values.isEmpty()) {
      set(b, values, true);
    }
  }

  /** Sets a field from its values (one, or each for a collection), converted by the field's type. */
  private static void set(Bound b, List<String> values, boolean given) throws LeaveToPicocli {
    Field f = b.field();
    Class<?> type = f.getType();
    Object value;
    if (type == boolean.class || type == Boolean.class) {
      value = values.isEmpty() ? given : Boolean.valueOf(values.get(0)); // given flag, or its default
    } else if (java.util.Collection.class.isAssignableFrom(type)) {
      if (!type.isAssignableFrom(ArrayList.class)) {
        throw new LeaveToPicocli();
      }
      Class<?> element = elementType(f);
      List<Object> list = new ArrayList<>();
      for (String v : values) {
        list.add(convert(element, v));
      }
      value = list;
    } else {
      value = convert(type, values.get(0));
    }
    try {
      f.set(b.owner(), value);
    } catch (IllegalAccessException e) {
      throw new LeaveToPicocli();
    }
  }

  private static Class<?> elementType(Field f) throws LeaveToPicocli {
    if (f.getGenericType() instanceof java.lang.reflect.ParameterizedType pt
        && pt.getActualTypeArguments().length == 1 && pt.getActualTypeArguments()[0] instanceof Class<?> c) {
      return c;
    }
    throw new LeaveToPicocli();
  }

  /** Picocli's built-in conversions for the types the commands use; others are picocli's. */
  private static Object convert(Class<?> type, String v) throws LeaveToPicocli {
    try {
      if (type == String.class) {
        return v;
      } else if (type == java.nio.file.Path.class) {
        return java.nio.file.Paths.get(v);
      } else if (type == java.net.URI.class) {
        return new java.net.URI(v);
      } else if (type == int.class || type == Integer.class) {
        return Integer.valueOf(v);
      } else if (type == long.class || type == Long.class) {
        return Long.valueOf(v);
      }
    } catch (java.nio.file.InvalidPathException | java.net.URISyntaxException | NumberFormatException e) {
      throw new LeaveToPicocli(); // picocli reports the bad value
    }
    throw new LeaveToPicocli();
  }
}
