package dev.provenant.platform.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For projects whose code is hosted elsewhere: polls {@code ls-remote} of the watched URL, fetches
 * each new or changed tag into the project's mirror ({@code DATA/git/NAME.git}, served read-only by
 * {@link GitHosting}) and hands it to the {@link TagListener}. A released tag that moved on the
 * remote is not fetched: it raises an alert (recorded in the journal) and is otherwise ignored.
 *
 * <p>Every tag the mirror has not seen is evaluated once, including tags that existed before the
 * project was registered (each still needs a maintainer signature to build).
 */
public final class RemoteWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteWatcher.class);

  private final GitHosting hosting;
  private final ReleasedTags releasedTags;
  private final TriggerJournal journal;
  private final TagListener listener;
  private final Set<String> alerted = new HashSet<>();
  private ScheduledExecutorService scheduler;

  /**
   * What one poll did.
   *
   * @param decisions decisions for the tags fetched in this poll
   * @param alerts released tags found moved on the remote (ignored)
   */
  public record PollResult(List<TriggerDecision> decisions, List<TriggerJournal.Alert> alerts) {}

  public RemoteWatcher(
      GitHosting hosting, ReleasedTags releasedTags, TriggerJournal journal, TagListener listener) {
    this.hosting = Objects.requireNonNull(hosting);
    this.releasedTags = Objects.requireNonNull(releasedTags);
    this.journal = Objects.requireNonNull(journal);
    this.listener = Objects.requireNonNull(listener);
  }

  /**
   * Polls one watched project once.
   *
   * @throws IllegalArgumentException if the project has no watched remote
   * @throws IOException if the remote cannot be listed or fetched, or the mirror cannot be written
   */
  public synchronized PollResult poll(Project project) throws IOException {
    String url = project.watchedRemote();
    if (url == null) {
      throw new IllegalArgumentException("project " + project.name() + " does not watch a remote");
    }
    Collection<Ref> remote;
    try {
      remote = Git.lsRemoteRepository().setRemote(url).setTags(true).setHeads(false).call();
    } catch (GitAPIException e) {
      throw new IOException("ls-remote " + url + " failed: " + e.getMessage(), e);
    }
    List<TriggerDecision> decisions = new ArrayList<>();
    List<TriggerJournal.Alert> alerts = new ArrayList<>();
    try (Repository mirror = hosting.openRepository(project);
        Git git = Git.wrap(mirror)) {
      for (Ref r : remote) {
        String refName = r.getName();
        if (!refName.startsWith(Constants.R_TAGS)
            || refName.endsWith("^{}")
            || r.getObjectId() == null) {
          continue;
        }
        String tag = refName.substring(Constants.R_TAGS.length());
        ObjectId remoteValue = r.getObjectId();
        Ref local = mirror.exactRef(refName);
        if (local != null && remoteValue.equals(local.getObjectId())) {
          continue;
        }
        Optional<String> released = releasedTags.releasedTagObject(project.name(), tag);
        if (released.isPresent() && !released.get().equals(remoteValue.name())) {
          TriggerJournal.Alert a =
              new TriggerJournal.Alert(
                  project.name(), tag, released.get(), remoteValue.name(), url);
          alerts.add(a);
          if (alerted.add(project.name() + "\0" + tag + "\0" + remoteValue.name())) {
            LOG.warn(
                "released tag {} of {} moved on {} to {}; ignored",
                tag,
                project.name(),
                url,
                remoteValue.name());
            journal.alert(a);
            listener.onRefused(
                new TriggerDecision.Refused(
                    project.name(),
                    tag,
                    remoteValue.name(),
                    TriggerDecision.Reason.TAG_MOVED,
                    "released at tag object "
                        + released.get()
                        + ", remote "
                        + url
                        + " now points at "
                        + remoteValue.name()
                        + "; alert raised, move ignored"));
          }
          continue;
        }
        try {
          git.fetch()
              .setRemote(url)
              .setTagOpt(TagOpt.NO_TAGS)
              .setRefSpecs(new RefSpec("+" + refName + ":" + refName))
              .call();
        } catch (GitAPIException e) {
          throw new IOException(
              "fetch " + refName + " from " + url + " failed: " + e.getMessage(), e);
        }
        Ref fetched = mirror.exactRef(refName);
        if (fetched == null || !remoteValue.equals(fetched.getObjectId())) {
          // The remote moved between ls-remote and fetch: the next poll sees it.
          continue;
        }
        decisions.add(listener.onTag(project, mirror, tag, remoteValue));
      }
    }
    return new PollResult(decisions, alerts);
  }

  /**
   * Polls every watched project of {@code projects} every {@code intervalSeconds} on one background
   * thread until {@link #close()}. Failures are logged and retried at the next poll.
   */
  public synchronized void start(ProjectStore projects, long intervalSeconds) {
    if (scheduler != null) {
      throw new IllegalStateException("already started");
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "provenant-remote-watcher");
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            for (Project p : projects.list()) {
              if (p.watchedRemote() == null) {
                continue;
              }
              try {
                poll(p);
              } catch (IOException | RuntimeException e) {
                LOG.warn("polling {} ({}) failed: {}", p.name(), p.watchedRemote(), e.toString());
              }
            }
          } catch (ProjectStoreException e) {
            LOG.warn("cannot list projects: {}", e.getMessage());
          }
        },
        0,
        intervalSeconds,
        TimeUnit.SECONDS);
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }
}
