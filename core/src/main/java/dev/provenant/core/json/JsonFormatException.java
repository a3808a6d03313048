package dev.provenant.core.json;

import java.util.Objects;

/** A JSON document does not have the shape its format requires; the message names the path. */
public class JsonFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong, starting with the JSON path
   */
  public JsonFormatException(String message) {
    super(message);
  }

  /** What is wrong; never null, since the constructor takes a message. */
  @Override
  public String getMessage() {
    return Objects.requireNonNull(super.getMessage());
  }
}
