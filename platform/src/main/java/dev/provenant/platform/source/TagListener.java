package dev.provenant.platform.source;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * Receives tag refs that arrived in a project's repository (pushed to the hosted repository, or
 * fetched from a watched remote). {@link TriggerDispatcher} is the platform's implementation.
 */
public interface TagListener {
  /**
   * A tag ref was created or updated; decide whether it starts a release. Called after the ref is
   * stored, on the pushing request's thread: enqueue the build, do not run it here.
   *
   * @param project the project as stored at the time of the push
   * @param repository the project's repository (open for the duration of the call)
   * @param tag tag name without {@code refs/tags/}
   * @param refValue the object id the ref now points at
   * @return the decision, which the hosting echoes to the pusher
   */
  TriggerDecision onTag(Project project, Repository repository, String tag, ObjectId refValue);

  /**
   * A tag update was refused before it was stored (a released tag moved or deleted). Default:
   * ignore.
   */
  default void onRefused(TriggerDecision.Refused refused) {}
}
