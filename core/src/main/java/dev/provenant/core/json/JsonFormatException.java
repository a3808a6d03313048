package dev.provenant.core.json;

/** A JSON document does not have the shape its format requires; the message names the path. */
public class JsonFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong, starting with the JSON path
   */
  public JsonFormatException(String message) {
    super(message);
  }
}
