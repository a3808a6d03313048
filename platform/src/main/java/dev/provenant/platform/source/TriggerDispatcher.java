package dev.provenant.platform.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * The platform's {@link TagListener}: runs each arriving tag through {@link TagTrigger}, records
 * the decision in the {@link TriggerJournal}, and hands accepted ones to the build queue.
 */
public final class TriggerDispatcher implements TagListener {
  private final TagTrigger trigger;
  private final TriggerJournal journal;
  private final Consumer<TriggerDecision.Accepted> onAccepted;

  /**
   * @param trigger the trigger rule
   * @param journal where every decision is recorded
   * @param onAccepted enqueues a release build (must not block for long: it runs on the push
   *     request)
   */
  public TriggerDispatcher(
      TagTrigger trigger, TriggerJournal journal, Consumer<TriggerDecision.Accepted> onAccepted) {
    this.trigger = Objects.requireNonNull(trigger);
    this.journal = Objects.requireNonNull(journal);
    this.onAccepted = Objects.requireNonNull(onAccepted);
  }

  @Override
  public TriggerDecision onTag(
      Project project, Repository repository, String tag, ObjectId refValue) {
    TriggerDecision d;
    try {
      d = trigger.evaluate(project, repository, tag, refValue);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tag " + tag + " of " + project.name(), e);
    }
    journal.record(d);
    if (d instanceof TriggerDecision.Accepted a) {
      onAccepted.accept(a);
    }
    return d;
  }

  @Override
  public void onRefused(TriggerDecision.Refused refused) {
    journal.record(refused);
  }
}
