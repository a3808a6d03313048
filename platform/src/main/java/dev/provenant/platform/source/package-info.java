/**
 * Source hosting and the trigger rule: which pushes start a release.
 *
 * <p>A release starts only for an annotated tag named {@code vMAJOR.MINOR.PATCH[-PRE]} whose tag
 * object's signature verifies against a key on the project's maintainer allow-list (SSH or OpenPGP;
 * the verified key's fingerprint is trusted, never the claimed signer) and whose tagged commit
 * holds a valid {@code .provenant/build.yaml}. Anything else is a refused trigger with a typed
 * {@link dev.provenant.platform.source.TriggerDecision.Reason}, recorded, building nothing.
 * Released tags are immutable.
 *
 * <p>Wiring (one process owns {@code DATA}):
 *
 * <pre>{@code
 * ProjectStore projects = ProjectStore.open(data);
 * TriggerJournal journal = new TriggerJournal(data);
 * ReleasedTags released = releaseStore::releasedTagObject;          // (project, tag) -> tag object sha
 * TagListener dispatcher = new TriggerDispatcher(new TagTrigger(released), journal, queue::enqueue);
 * GitHosting hosting = new GitHosting(data, projects, released, dispatcher);
 * handlers.addHandler(hosting.handler());                             // serves {web}/git/NAME
 * RemoteWatcher watcher = new RemoteWatcher(hosting, released, journal, dispatcher);
 * watcher.start(projects, 60);                                         // polls watched remotes
 * }</pre>
 */
package dev.provenant.platform.source;
