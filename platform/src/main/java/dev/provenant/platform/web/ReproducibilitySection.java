package dev.provenant.platform.web;

import dev.provenant.platform.assess.AssessmentFormats;
import dev.provenant.platform.assess.Reproducibility;
import dev.provenant.platform.build.RebuildRecord;

/**
 * The release page's reproducibility section: the latest rebuild's per-subject comparison, or "not
 * checked". A section of its own after the assessment tables, since SLSA Build L3 does not require
 * reproducible builds.
 */
final class ReproducibilitySection {
  private ReproducibilitySection() {}

  static void render(Html h, Reproducibility r) {
    h.el("h2", AssessmentFormats.REPRODUCIBLE);
    h.raw("<p id=\"reproducibility\" data-checked=\"")
        .text(r.checked())
        .raw("\" data-reproducible=\"")
        .text(r.reproducible())
        .raw("\" class=\"")
        .raw(!r.checked() ? "not-checked" : r.reproducible() ? "yes" : "no")
        .raw("\">")
        .text(r.summary())
        .raw("</p>");
    if (r.subjects().isEmpty()) {
      return;
    }
    h.raw("<table id=\"rebuild-subjects\"><thead><tr><th>Subject</th><th>Rebuilt</th>")
        .raw("<th>Released sha256</th><th>Rebuilt sha256</th></tr></thead><tbody>");
    for (RebuildRecord.Subject s : r.subjects()) {
      boolean ok = s.outcome() == RebuildRecord.Outcome.MATCHED;
      h.raw("<tr data-outcome=\"")
          .text(s.outcome())
          .raw("\"><td>")
          .text(s.name())
          .raw("</td><td class=\"")
          .raw(ok ? "yes" : "no")
          .raw("\">")
          .text(s.outcome())
          .raw("</td><td class=\"hash\">")
          .text(s.expectedSha256() == null ? "" : s.expectedSha256())
          .raw("</td><td class=\"hash\">")
          .text(s.actualSha256() == null ? "" : s.actualSha256())
          .raw("</td></tr>");
    }
    h.raw("</tbody></table>");
  }
}
