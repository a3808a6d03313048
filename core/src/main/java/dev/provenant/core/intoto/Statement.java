package dev.provenant.core.intoto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.json.JsonFormatException;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An in-toto Statement (v0.1 or v1) with its predicate kept as JSON for a predicate-specific model
 * to read.
 *
 * <p>SPEC: https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md — "_type ... MUST
 * be https://in-toto.io/Statement/v1"; v0.1 statements (still published by slsa-github-generator)
 * use {@link StatementHeader#TYPE_V01}.
 *
 * @param header {@code _type}, {@code predicateType}, {@code subject}
 * @param predicate the predicate, or null when absent or JSON null
 */
public record Statement(StatementHeader header, @Nullable JsonNode predicate) {
  /** Validates. */
  public Statement {
    Objects.requireNonNull(header, "header");
  }

  /** Shortcut for {@code header().subjects()}. */
  public List<Subject> subjects() {
    return header.subjects();
  }

  /** Shortcut for {@code header().predicateType()}. */
  public String predicateType() {
    return header.predicateType();
  }

  /**
   * Parses a statement strictly: only the four statement keys, subjects with only name and digest,
   * and {@code _type} v0.1 or v1.
   *
   * @throws JsonFormatException if any of that does not hold
   */
  public static Statement parse(byte[] json) throws JsonFormatException {
    GoJson.Struct s =
        GoJson.struct(
            GoJson.parse(json),
            "statement",
            true,
            "_type",
            "predicateType",
            "subject",
            "predicate");
    StatementHeader h = StatementHeader.fromStruct(s, true);
    if (!h.isKnownType()) {
      throw new JsonFormatException(
          "statement._type: expected "
              + StatementHeader.TYPE_V1
              + " or "
              + StatementHeader.TYPE_V01
              + ", got \""
              + h.type()
              + "\"");
    }
    return new Statement(h, s.raw("predicate"));
  }

  /**
   * The statement's JSON: {@code _type}, {@code subject} (each {@code name} and {@code digest},
   * algorithms sorted), {@code predicateType}, then {@code predicate} when there is one.
   */
  public byte[] toJson() {
    ObjectNode st = GoJson.mapper().createObjectNode();
    st.put("_type", header.type());
    var subjects = st.putArray("subject");
    for (Subject sub : header.subjects()) {
      ObjectNode o = subjects.addObject();
      o.put("name", sub.name());
      ObjectNode d = o.putObject("digest");
      new TreeMap<>(sub.digest()).forEach(d::put);
    }
    st.put("predicateType", header.predicateType());
    if (predicate != null) {
      st.set("predicate", predicate);
    }
    try {
      return GoJson.mapper().writeValueAsBytes(st);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON tree serialises", e);
    }
  }
}
