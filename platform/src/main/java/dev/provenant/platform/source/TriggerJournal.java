package dev.provenant.platform.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Append-only record of every trigger decision ({@code DATA/triggers/NAME.jsonl}) and of alerts
 * ({@code DATA/alerts.jsonl}), one JSON object per line, so refused triggers and moved released
 * tags stay visible after a restart.
 */
public final class TriggerJournal {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dir;
  private final Path alerts;

  /**
   * One journal line.
   *
   * @param at when it was recorded
   * @param kind {@code accepted}, {@code refused} or {@code alert}
   * @param project project name
   * @param tag tag name
   * @param refValue the object id the tag ref pointed at (for an alert: the remote's new value)
   * @param reason the refusal reason name (TAG_MOVED for alerts), null when accepted
   * @param detail explanation, or for an accepted trigger the signer fingerprint
   */
  public record Entry(
      Instant at,
      String kind,
      String project,
      String tag,
      String refValue,
      String reason,
      String detail) {}

  /** An alert: a released tag moved on a watched remote; the move was ignored. */
  public record Alert(
      String project, String tag, String releasedTagObject, String remoteValue, String remote) {}

  /** Opens the journal under {@code dataDir}. */
  public TriggerJournal(Path dataDir) throws IOException {
    this.dir = Files.createDirectories(dataDir.resolve("triggers"));
    this.alerts = dataDir.resolve("alerts.jsonl");
  }

  /** Appends a decision to the project's trigger journal. */
  public synchronized void record(TriggerDecision decision) {
    Entry e;
    if (decision instanceof TriggerDecision.Accepted a) {
      e =
          new Entry(
              Instant.now(),
              "accepted",
              a.project(),
              a.tag(),
              a.tagObjectSha(),
              null,
              a.keyKind() + " " + a.signerFingerprint());
    } else {
      TriggerDecision.Refused r = (TriggerDecision.Refused) decision;
      e =
          new Entry(
              Instant.now(),
              "refused",
              r.project(),
              r.tag(),
              r.refValue(),
              r.reason().name(),
              r.detail());
    }
    append(dir.resolve(decision.project() + ".jsonl"), e);
  }

  /** Appends an alert (also visible in the project's trigger journal as a TAG_MOVED refusal). */
  public synchronized void alert(Alert a) {
    String detail =
        "released tag "
            + a.tag()
            + " (tag object "
            + a.releasedTagObject()
            + ") moved to "
            + a.remoteValue()
            + " on "
            + a.remote()
            + "; ignored";
    append(
        alerts,
        new Entry(
            Instant.now(), "alert", a.project(), a.tag(), a.remoteValue(), "TAG_MOVED", detail));
  }

  /** The project's decisions, oldest first. */
  public synchronized List<Entry> decisions(String project) throws IOException {
    return read(dir.resolve(project + ".jsonl"));
  }

  /**
   * The tag object of the first accepted trigger for {@code project}'s {@code tag}, if any. Usable
   * as (or inside) {@link ReleasedTags}: the tag becomes immutable as soon as a release of it was
   * accepted, so a build in flight cannot be raced by moving the tag.
   */
  public synchronized java.util.Optional<String> acceptedTagObject(String project, String tag)
      throws IOException {
    if (!Project.isValidName(project)) {
      return java.util.Optional.empty();
    }
    return decisions(project).stream()
        .filter(e -> e.kind().equals("accepted") && e.tag().equals(tag))
        .map(Entry::refValue)
        .findFirst();
  }

  /** All alerts, oldest first. */
  public synchronized List<Entry> alerts() throws IOException {
    return read(alerts);
  }

  private static void append(Path file, Entry e) {
    try {
      ObjectNode n = JSON.createObjectNode();
      n.put("at", e.at().toString());
      n.put("kind", e.kind());
      n.put("project", e.project());
      n.put("tag", e.tag());
      n.put("refValue", e.refValue());
      n.put("reason", e.reason());
      n.put("detail", e.detail());
      Files.write(
          file,
          (JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.SYNC);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot append to " + file, ex);
    }
  }

  private static List<Entry> read(Path file) throws IOException {
    List<Entry> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      var n = JSON.readTree(line);
      out.add(
          new Entry(
              Instant.parse(n.get("at").asText()),
              n.get("kind").asText(),
              n.get("project").asText(),
              n.get("tag").asText(),
              n.get("refValue").asText(),
              n.get("reason").isNull() ? null : n.get("reason").asText(),
              n.get("detail").asText()));
    }
    return out;
  }
}
