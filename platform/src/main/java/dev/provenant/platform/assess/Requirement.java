package dev.provenant.platform.assess;

import java.util.Objects;

/**
 * One row of the SLSA assessment: a requirement of the SLSA v1.0 Build track, whether level 3 asks
 * for it, whether this release meets it, and the evidence that decided it (never a fixed text: it
 * is written from the checks that ran).
 *
 * @param id stable identifier, e.g. {@code platform.provenance-authentic}
 * @param group {@code producer} or {@code platform}
 * @param title the requirement as the SLSA specification names it
 * @param requiredAtL3 whether SLSA Build L3 requires it
 * @param met whether the release meets it
 * @param evidence what decided {@code met}, including why not
 */
public record Requirement(
    String id, String group, String title, boolean requiredAtL3, boolean met, String evidence) {
  /** Validates. */
  public Requirement {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(evidence, "evidence");
  }
}
