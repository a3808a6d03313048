package dev.provenant.platform.source;

import java.util.Objects;

/**
 * What the trigger rule decided for one tag ref: a release starts ({@link Accepted}) or nothing is
 * built and the refusal is recorded ({@link Refused}).
 */
public sealed interface TriggerDecision permits TriggerDecision.Accepted, TriggerDecision.Refused {

  /** The project's name. */
  String project();

  /** The tag name without {@code refs/tags/}. */
  String tag();

  /** Why a tag builds nothing. */
  enum Reason {
    /** The ref points straight at a commit: there is no tag object to carry a signature. */
    LIGHTWEIGHT_TAG,
    /** An annotated tag without a signature block. */
    UNSIGNED,
    /**
     * Signed, but by a key that is not on the project's maintainer list (whatever name it claims).
     */
    UNKNOWN_KEY,
    /**
     * Signed by a listed key (or claiming to be) but the signature does not verify or is
     * unacceptable.
     */
    BAD_SIGNATURE,
    /** The name is not {@code vMAJOR.MINOR.PATCH[-PRE]}. */
    NOT_SEMVER,
    /**
     * The tag was released before and now points elsewhere (or was deleted): released tags are
     * immutable.
     */
    TAG_MOVED,
    /**
     * The tag object names a different tag than the ref it was pushed as (a replayed signed tag).
     */
    TAG_NAME_MISMATCH,
    /** The annotated tag does not point at a commit (a tree, blob or another tag). */
    TARGET_NOT_COMMIT,
    /** The tagged commit has no {@code .provenant/build.yaml}. */
    NO_BUILD_DEFINITION,
    /** The tagged commit's {@code .provenant/build.yaml} is not a valid build definition. */
    BAD_BUILD_DEFINITION
  }

  /**
   * A release starts for this tag.
   *
   * @param project project name
   * @param projectId the project's stable id
   * @param tag tag name, e.g. {@code v1.2.3}
   * @param commitSha the tagged commit (hex)
   * @param tagObjectSha the annotated tag object the ref points at (hex)
   * @param signerFingerprint fingerprint of the allow-listed maintainer key that verified the
   *     signature
   * @param keyKind that key's kind
   * @param buildDefinition the build definition read from the tagged commit
   */
  record Accepted(
      String project,
      String projectId,
      String tag,
      String commitSha,
      String tagObjectSha,
      String signerFingerprint,
      KeyKind keyKind,
      BuildDefinition buildDefinition)
      implements TriggerDecision {
    public Accepted {
      Objects.requireNonNull(project);
      Objects.requireNonNull(projectId);
      Objects.requireNonNull(tag);
      Objects.requireNonNull(commitSha);
      Objects.requireNonNull(tagObjectSha);
      Objects.requireNonNull(signerFingerprint);
      Objects.requireNonNull(keyKind);
      Objects.requireNonNull(buildDefinition);
    }

    /** The full ref name, {@code refs/tags/TAG}. */
    public String ref() {
      return "refs/tags/" + tag;
    }
  }

  /**
   * The tag builds nothing.
   *
   * @param project project name
   * @param tag tag name
   * @param refValue the object id the ref pointed at (hex) when it was refused
   * @param reason the typed reason
   * @param detail a human-readable explanation (expected/actual where it helps)
   */
  record Refused(String project, String tag, String refValue, Reason reason, String detail)
      implements TriggerDecision {
    public Refused {
      Objects.requireNonNull(project);
      Objects.requireNonNull(tag);
      Objects.requireNonNull(refValue);
      Objects.requireNonNull(reason);
      Objects.requireNonNull(detail);
    }
  }
}
