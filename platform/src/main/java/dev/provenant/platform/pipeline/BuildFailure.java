package dev.provenant.platform.pipeline;

/**
 * Why a build did not release: a typed reason (the API's {@code reason} starts with it) and detail.
 */
final class BuildFailure extends Exception {
  private static final long serialVersionUID = 1L;

  enum Reason {
    PROJECT_GONE,
    CHECKOUT_FAILED,
    BAD_BUILD_DEFINITION,
    BUILD_FAILED,
    OUTPUT_REJECTED,
    PROVENANCE_FAILED,
    STORE_FAILED,
    ALREADY_RELEASED,
    SANDBOX_UNAVAILABLE,
    /** The declared image is not a layout the platform releases (the detail names the check). */
    IMAGE_REJECTED,
    /** The registry refused or did not answer pushing the image. */
    IMAGE_PUSH_FAILED,
    /** The registry refused or did not answer attaching the image's provenance. */
    IMAGE_ATTACH_FAILED
  }

  private final Reason reason;

  BuildFailure(Reason reason, String detail) {
    super(detail);
    this.reason = reason;
  }

  BuildFailure(Reason reason, String detail, Throwable cause) {
    super(detail, cause);
    this.reason = reason;
  }

  String text() {
    return reason.name() + ": " + getMessage();
  }
}
