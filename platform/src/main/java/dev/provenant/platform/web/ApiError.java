package dev.provenant.platform.web;

/** A refusal the API answers with its status and a JSON {@code {"error": CODE, "message": ...}}. */
public final class ApiError extends Exception {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;

  public ApiError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public static ApiError notFound(String what) {
    return new ApiError(404, "NOT_FOUND", what);
  }

  public static ApiError badRequest(String what) {
    return new ApiError(400, "BAD_REQUEST", what);
  }
}
