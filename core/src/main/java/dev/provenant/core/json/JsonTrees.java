package dev.provenant.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * Reads a JSON document into the same {@link JsonNode} tree that {@code ObjectMapper.readTree} with
 * {@code FAIL_ON_TRAILING_TOKENS} builds, straight from a streaming parser.
 *
 * <p>Why: an {@code ObjectMapper} builds its configuration, type factory and deserializer caches on
 * first use, several hundred classes, which was a large share of a cold one-shot verification's CPU
 * (BENCHMARKS.md, cold start); the tree itself needs none of it. Parser features (duplicate
 * detection, nesting limits) come from the {@link JsonFactory} passed in, so syntax errors are the
 * parser's own. {@code JsonTreesTest} compares trees and errors with {@code readTree}.
 */
final class JsonTrees {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTrees() {}

  /**
   * The document's tree, or null for empty input.
   *
   * @throws IOException the parser's error for malformed JSON, or a trailing-token error like
   *     {@code ObjectMapper}'s
   */
  static @Nullable JsonNode read(JsonFactory factory, byte[] json) throws IOException {
    try (JsonParser p = factory.createParser(json)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return null;
      }
      JsonNode root = value(p, t);
      JsonToken trailing = p.nextToken();
      if (trailing != null) {
        throw new TrailingTokenException(p, trailing);
      }
      return root;
    }
  }

  /** The value starting at token {@code t}; containers are built iteratively (no recursion). */
  private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
      return scalar(p, t);
    }
    ArrayDeque<JsonNode> open = new ArrayDeque<>();
    JsonNode root = t == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
    open.push(root);
    String field = null;
    while (!open.isEmpty()) {
      t = p.nextToken();
      JsonNode parent = open.peek();
      if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
        open.pop();
        continue;
      }
      if (t == JsonToken.FIELD_NAME) {
        field = p.currentName();
        continue;
      }
      if (t == null) {
        throw new IOException("Unexpected end-of-input"); // the parser reports this first
      }
      JsonNode v;
      if (t == JsonToken.START_OBJECT) {
        v = NODES.objectNode();
      } else if (t == JsonToken.START_ARRAY) {
        v = NODES.arrayNode();
      } else {
        v = scalar(p, t);
      }
      if (parent.isObject()) {
        ((ObjectNode) parent).replace(field, v); // as readTree: the last of duplicate keys wins
      } else {
        ((ArrayNode) parent).add(v);
      }
      if (v.isContainerNode()) {
        open.push(v);
      }
    }
    return root;
  }

  private static JsonNode scalar(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
            return NODES.numberNode(p.getIntValue());
          case LONG:
            return NODES.numberNode(p.getLongValue());
          default:
            return NODES.numberNode(p.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(p.getDoubleValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new IOException("Unexpected token " + t);
    }
  }

  /**
   * Data after the document's value, worded as {@code ObjectMapper}'s FAIL_ON_TRAILING_TOKENS
   * error.
   */
  static final class TrailingTokenException extends com.fasterxml.jackson.core.JsonParseException {
    private static final long serialVersionUID = 1L;

    TrailingTokenException(JsonParser p, JsonToken t) {
      super(
          p,
          "Trailing token (of type "
              + t
              + ") found after value (bound as `"
              + JsonNode.class.getName()
              + "`): not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`");
    }
  }
}
