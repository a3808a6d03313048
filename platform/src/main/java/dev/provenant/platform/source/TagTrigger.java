package dev.provenant.platform.source;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The trigger rule: a release starts only for an annotated tag named {@code
 * vMAJOR.MINOR.PATCH[-PRE]} whose tag object's signature verifies against one of the project's
 * maintainer keys, and whose tagged commit holds a valid {@code .provenant/build.yaml}. Everything
 * else is refused with a typed reason and builds nothing.
 */
public final class TagTrigger {
  /**
   * The tag names that can start a release (semver 2.0 core plus pre-release; no build metadata).
   */
  public static final Pattern SEMVER_TAG =
      Pattern.compile(
          "v(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?");

  private final ReleasedTags releasedTags;

  /**
   * @param releasedTags consulted so that a released tag that moved is refused (TAG_MOVED)
   */
  public TagTrigger(ReleasedTags releasedTags) {
    this.releasedTags = Objects.requireNonNull(releasedTags);
  }

  /**
   * Decides whether {@code refs/tags/TAG = refValue} in {@code repository} starts a release of
   * {@code project}. The signer is the allow-listed key that verified, never the tagger or the name
   * a signature claims.
   *
   * @throws IOException if the repository cannot be read (no decision can be made)
   */
  public TriggerDecision evaluate(
      Project project, Repository repository, String tag, ObjectId refValue) throws IOException {
    String value = refValue.name();
    if (!SEMVER_TAG.matcher(tag).matches()) {
      return refused(
          project,
          tag,
          value,
          TriggerDecision.Reason.NOT_SEMVER,
          "tag '" + tag + "' is not vMAJOR.MINOR.PATCH[-PRE]");
    }
    Optional<String> released = releasedTags.releasedTagObject(project.name(), tag);
    if (released.isPresent() && !released.get().equals(value)) {
      return refused(
          project,
          tag,
          value,
          TriggerDecision.Reason.TAG_MOVED,
          "released at tag object " + released.get() + ", now points at " + value);
    }
    try (RevWalk walk = new RevWalk(repository)) {
      RevObject obj = walk.parseAny(refValue);
      if (obj instanceof RevCommit) {
        return refused(
            project,
            tag,
            value,
            TriggerDecision.Reason.LIGHTWEIGHT_TAG,
            "refs/tags/"
                + tag
                + " points straight at commit "
                + value
                + "; push an annotated, signed tag (git tag -s)");
      }
      if (!(obj instanceof RevTag t)) {
        return refused(
            project,
            tag,
            value,
            TriggerDecision.Reason.TARGET_NOT_COMMIT,
            "refs/tags/" + tag + " points at a " + Constants.typeString(obj.getType()));
      }
      walk.parseBody(t);
      if (!tag.equals(t.getTagName())) {
        return refused(
            project,
            tag,
            value,
            TriggerDecision.Reason.TAG_NAME_MISMATCH,
            "ref refs/tags/" + tag + " holds a tag object named '" + t.getTagName() + "'");
      }
      RevObject target = t.getObject();
      if (target.getType() != Constants.OBJ_COMMIT) {
        return refused(
            project,
            tag,
            value,
            TriggerDecision.Reason.TARGET_NOT_COMMIT,
            "tag object "
                + value
                + " points at a "
                + Constants.typeString(target.getType())
                + ", expected a commit");
      }
      TagSignatures.Verdict verdict = TagSignatures.check(t.getRawBuffer(), project.maintainers());
      if (verdict.signer() == null) {
        return refused(project, tag, value, verdict.refusal(), verdict.detail());
      }
      BuildDefinition definition;
      try {
        definition = BuildDefinition.read(repository, target);
      } catch (BuildDefinitionException e) {
        return refused(
            project,
            tag,
            value,
            e.reason() == BuildDefinitionException.Reason.NOT_FOUND
                ? TriggerDecision.Reason.NO_BUILD_DEFINITION
                : TriggerDecision.Reason.BAD_BUILD_DEFINITION,
            e.getMessage());
      }
      return new TriggerDecision.Accepted(
          project.name(),
          project.id(),
          tag,
          target.name(),
          value,
          verdict.signer().fingerprint(),
          verdict.signer().kind(),
          definition);
    }
  }

  private static TriggerDecision.Refused refused(
      Project p, String tag, String value, TriggerDecision.Reason r, String detail) {
    return new TriggerDecision.Refused(p.name(), tag, value, r, detail);
  }
}
