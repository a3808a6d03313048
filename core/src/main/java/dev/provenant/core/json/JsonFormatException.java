package dev.provenant.core.json;

/** A JSON document that is not valid JSON or does not have the expected shape. */
public class JsonFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  /** @param message what is wrong and where (a dotted field path) */
  public JsonFormatException(String message) {
    super(message);
  }
}
