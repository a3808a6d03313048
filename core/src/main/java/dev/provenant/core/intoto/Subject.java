package dev.provenant.core.intoto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.json.JsonFormatException;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One subject of an in-toto Statement: a name and a digest set (algorithm to lowercase hex).
 *
 * <p>SPEC: https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md
 *
 * @param name the subject name ("" when absent)
 * @param digest algorithm name to hex value; unmodifiable
 */
public record Subject(String name, Map<String, String> digest) {
  /** Validates and copies. */
  public Subject {
    Objects.requireNonNull(name, "name");
    digest = Map.copyOf(digest);
  }

  /** The value for one digest algorithm, or null. */
  public @Nullable String digest(String algorithm) {
    return digest.get(algorithm);
  }

  /**
   * Reads a subject; unknown keys are rejected only when {@code strict}.
   *
   * @throws JsonFormatException if a field has the wrong type
   */
  public static Subject fromJson(JsonNode n, String what, boolean strict)
      throws JsonFormatException {
    GoJson.Struct s = GoJson.struct(n, what, strict, "name", "digest");
    return new Subject(s.string("name"), s.stringMap("digest"));
  }
}
