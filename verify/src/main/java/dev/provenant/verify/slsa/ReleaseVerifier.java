package dev.provenant.verify.slsa;

import dev.provenant.core.intoto.Subject;
import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Verifies a whole release against its provenance: the provenance once (signature, log, policy)
 * through {@link SlsaVerifier#verifyArtifact}, then every file of the release matched by name to a
 * subject of the verified statement. A release passes only when every file is a subject with the
 * same sha256 and every subject is present.
 */
public final class ReleaseVerifier {
  private ReleaseVerifier() {}

  /**
   * A file of a downloaded or stored release: its published name and the sha256 computed from it.
   */
  public record ReleaseFileDigest(String name, String sha256) {
    /** Validates. */
    public ReleaseFileDigest {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  /** What became of one file or subject. */
  public enum FileStatus {
    /** The file is a subject with the same sha256. */
    MATCHED,
    /** A file and a subject share the name but not the sha256: the file was altered. */
    MISMATCHED,
    /** A subject with no file of that name. */
    MISSING,
    /** A file that no subject names. */
    EXTRA
  }

  /**
   * One line of the verdict.
   *
   * @param name the file or subject name
   * @param status what was found
   * @param expectedSha256 the subject's sha256 (null for an extra file)
   * @param actualSha256 the file's sha256 (null for a missing file)
   * @param reason in words, for the user
   */
  public record FileResult(
      String name, FileStatus status, String expectedSha256, String actualSha256, String reason) {}

  /**
   * The verdict on a release.
   *
   * @param provenance the verified provenance
   * @param files one result per file and per missing subject, in file order then subject order
   */
  public record ReleaseVerdict(VerifiedProvenance provenance, List<FileResult> files) {
    /** Copies. */
    public ReleaseVerdict {
      Objects.requireNonNull(provenance, "provenance");
      files = List.copyOf(files);
    }

    /** True when every file matched a subject and no subject is missing. */
    public boolean passed() {
      return files.stream().allMatch(f -> f.status() == FileStatus.MATCHED);
    }

    /** The results that are not {@link FileStatus#MATCHED}. */
    public List<FileResult> problems() {
      return files.stream().filter(f -> f.status() != FileStatus.MATCHED).toList();
    }

    /**
     * The failure a caller reports when the verdict did not pass: SUBJECT_DIGEST_MISMATCH (an
     * altered file) first, else SUBJECT_DIGEST_MISSING (files missing or extra).
     *
     * @throws IllegalStateException when the verdict passed
     */
    public VerificationException failure() {
      List<FileResult> p = problems();
      if (p.isEmpty()) {
        throw new IllegalStateException("the release verified");
      }
      boolean altered = p.stream().anyMatch(f -> f.status() == FileStatus.MISMATCHED);
      Reason reason = altered ? Reason.SUBJECT_DIGEST_MISMATCH : Reason.SUBJECT_DIGEST_MISSING;
      if (p.size() == 1) {
        FileResult f = p.get(0);
        String what =
            switch (f.status()) {
              case MISMATCHED -> "subject digest mismatch";
              case MISSING -> "a subject of the provenance with no file";
              default -> "not a subject of the provenance";
            };
        return new VerificationException(
            "release.files",
            reason,
            f.name() + ": " + what,
            f.expectedSha256() == null
                ? "a subject named " + f.name()
                : "sha256 " + f.expectedSha256(),
            f.actualSha256() == null ? "no file" : "sha256 " + f.actualSha256());
      }
      StringBuilder b = new StringBuilder(p.size() + " files do not match the provenance: ");
      for (int i = 0; i < p.size(); i++) {
        b.append(i == 0 ? "" : "; ").append(p.get(i).name()).append(": ").append(p.get(i).reason());
      }
      return new VerificationException("release.files", reason, b.toString());
    }
  }

  /**
   * Verifies the provenance and matches every file to a subject.
   *
   * <p>The provenance is verified for the first file whose sha256 it names (each further file is
   * then compared with the verified statement's subjects, so one signature check serves the whole
   * release). When it names none of the files, it is verified for the first file so that the caller
   * gets the verifier's own subject-mismatch failure.
   *
   * @param files the release's files (never the provenance file itself)
   * @throws VerificationException when the provenance does not verify (signature, log, policy), or
   *     names none of the files
   */
  public static ReleaseVerdict verify(
      SlsaVerifier verifier,
      byte[] provenance,
      List<ReleaseFileDigest> files,
      SlsaPolicy policy,
      SlsaVerifier.TlogMode mode,
      Checks checks,
      Consumer<String> warn)
      throws VerificationException {
    if (files.isEmpty()) {
      throw new VerificationException(
          "release.files", Reason.USAGE, "the release holds no files besides the provenance");
    }
    VerifiedProvenance verified = null;
    VerificationException firstMismatch = null;
    for (ReleaseFileDigest f : files) {
      try {
        verified = verifier.verifyArtifact(provenance, f.sha256(), policy, mode, checks, warn);
        break;
      } catch (VerificationException e) {
        if (e.reason() != Reason.SUBJECT_DIGEST_MISMATCH
            && e.reason() != Reason.SUBJECT_DIGEST_MISSING) {
          throw e;
        }
        if (firstMismatch == null) {
          firstMismatch = e;
        }
      }
    }
    if (verified == null) {
      throw firstMismatch;
    }
    return match(verified, files);
  }

  /** Compares files with the subjects of already verified provenance. */
  public static ReleaseVerdict match(VerifiedProvenance verified, List<ReleaseFileDigest> files)
      throws VerificationException {
    Map<String, String> subjects = new LinkedHashMap<>();
    for (Subject s : verified.provenance().subjects()) {
      subjects.put(s.name(), s.digest("sha256"));
    }
    List<FileResult> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ReleaseFileDigest f : files) {
      seen.add(f.name());
      String expected = subjects.get(f.name());
      if (expected == null) {
        out.add(
            new FileResult(
                f.name(),
                FileStatus.EXTRA,
                null,
                f.sha256(),
                "not a subject of the provenance (sha256 " + f.sha256() + ")"));
      } else if (!expected.equals(f.sha256())) {
        out.add(
            new FileResult(
                f.name(),
                FileStatus.MISMATCHED,
                expected,
                f.sha256(),
                "subject digest mismatch: expected sha256 " + expected + ", got " + f.sha256()));
      } else {
        out.add(
            new FileResult(
                f.name(), FileStatus.MATCHED, expected, f.sha256(), "sha256 " + expected));
      }
    }
    for (Map.Entry<String, String> s : subjects.entrySet()) {
      if (!seen.contains(s.getKey())) {
        out.add(
            new FileResult(
                s.getKey(),
                FileStatus.MISSING,
                s.getValue(),
                null,
                "subject of the provenance with no file (sha256 " + s.getValue() + ")"));
      }
    }
    return new ReleaseVerdict(verified, out);
  }
}
