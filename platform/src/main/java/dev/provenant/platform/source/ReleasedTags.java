package dev.provenant.platform.source;

import java.util.Optional;

/**
 * Answers whether a tag was released, so that released tags stay immutable. Implemented by the
 * release store; answering from the first <em>accepted</em> trigger instead ({@link
 * TriggerJournal#acceptedTagObject}) also freezes a tag whose build is still running.
 */
@FunctionalInterface
public interface ReleasedTags {
  /**
   * The annotated tag object id (hex) a release of {@code project}'s {@code tag} was built from,
   * i.e. {@link TriggerDecision.Accepted#tagObjectSha()}; empty if the tag was never released.
   */
  Optional<String> releasedTagObject(String project, String tag);

  /** No tag was ever released (for tests and first start). */
  ReleasedTags NONE = (project, tag) -> Optional.empty();
}
