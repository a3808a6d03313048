package dev.provenant.platform.build;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One trigger of a project's tag and what became of it: refused at the gate, or queued, built and
 * released (or failed). Immutable; a change is a new record written over the old one.
 *
 * @param id the build id (also the run id in the generator's token and the provenance)
 * @param attempt 1 for the first run; a build retried after its runner died runs again as attempt 2
 * @param commit the tagged commit (hex), null for a refused trigger that named none
 * @param tagObject the annotated tag object (hex) the trigger accepted; null when refused
 * @param signer the verified maintainer key fingerprint, null when the trigger was refused
 * @param runner the runner that holds or held the build, null while queued
 * @param phases milliseconds per phase (trigger, checkout, sandbox, build, hashing, token, ...)
 */
public record BuildRecord(
    String id,
    String project,
    String tag,
    String commit,
    String tagObject,
    String signer,
    BuildStatus status,
    String reason,
    int attempt,
    String runner,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Map<String, Long> phases) {

  public BuildRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    phases = Map.copyOf(phases == null ? Map.of() : phases);
  }

  public BuildRecord withStatus(BuildStatus s, String why, Instant at) {
    return new BuildRecord(
        id,
        project,
        tag,
        commit,
        tagObject,
        signer,
        s,
        why,
        attempt,
        runner,
        createdAt,
        startedAt,
        s.isFinal() ? at : finishedAt,
        phases);
  }

  public BuildRecord claimedBy(String runnerId, Instant at) {
    return new BuildRecord(
        id,
        project,
        tag,
        commit,
        tagObject,
        signer,
        BuildStatus.BUILDING,
        null,
        attempt,
        runnerId,
        createdAt,
        at,
        null,
        phases);
  }

  public BuildRecord requeued() {
    return new BuildRecord(
        id,
        project,
        tag,
        commit,
        tagObject,
        signer,
        BuildStatus.QUEUED,
        "runner " + runner + " stopped during attempt " + attempt + "; retrying",
        attempt + 1,
        null,
        createdAt,
        null,
        null,
        phases);
  }

  public BuildRecord withPhases(Map<String, Long> more) {
    Map<String, Long> p = new LinkedHashMap<>(phases);
    p.putAll(more);
    return new BuildRecord(
        id,
        project,
        tag,
        commit,
        tagObject,
        signer,
        status,
        reason,
        attempt,
        runner,
        createdAt,
        startedAt,
        finishedAt,
        p);
  }
}
