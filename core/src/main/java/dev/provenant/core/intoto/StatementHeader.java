package dev.provenant.core.intoto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.json.JsonFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The in-toto Statement header: {@code _type}, {@code predicateType} and {@code subject}.
 *
 * <p>SPEC: https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md
 *
 * @param type the {@code _type} URI (v0.1 or v1 for statements this project accepts)
 * @param predicateType the predicate type URI
 * @param subjects the subjects, in document order
 */
public record StatementHeader(String type, String predicateType, List<Subject> subjects) {
  /** {@code _type} of in-toto Statement v0.1. */
  public static final String TYPE_V01 = "https://in-toto.io/Statement/v0.1";

  /** {@code _type} of in-toto Statement v1. */
  public static final String TYPE_V1 = "https://in-toto.io/Statement/v1";

  /** The DSSE payloadType of an in-toto Statement. */
  public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";

  /** Validates and copies. */
  public StatementHeader {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(predicateType, "predicateType");
    subjects = List.copyOf(subjects);
  }

  /** Whether {@code _type} is Statement v0.1 or v1. */
  public boolean isKnownType() {
    return TYPE_V01.equals(type) || TYPE_V1.equals(type);
  }

  /**
   * Reads the header fields of a statement object, ignoring every other key (the predicate is the
   * caller's business).
   *
   * @throws JsonFormatException if a header field has the wrong type
   */
  public static StatementHeader fromJson(JsonNode statement) throws JsonFormatException {
    GoJson.Struct s =
        GoJson.struct(statement, "statement", false, "_type", "predicateType", "subject");
    return fromStruct(s, false);
  }

  /**
   * Reads the header from a struct view that may also hold {@code predicate}.
   *
   * @param strictSubjects reject unknown keys inside subjects
   */
  public static StatementHeader fromStruct(GoJson.Struct s, boolean strictSubjects)
      throws JsonFormatException {
    List<Subject> subjects = new ArrayList<>();
    int i = 0;
    for (JsonNode n : s.list("subject")) {
      subjects.add(Subject.fromJson(n, "subject[" + i++ + "]", strictSubjects));
    }
    return new StatementHeader(s.string("_type"), s.string("predicateType"), subjects);
  }

  /**
   * Parses the header of a statement document (lenient about other keys).
   *
   * @throws JsonFormatException if it is not JSON or a header field has the wrong type
   */
  public static StatementHeader parse(byte[] json) throws JsonFormatException {
    return fromJson(GoJson.parse(json));
  }
}
