package dev.provenant.verify.sigstore;

/**
 * One check that ran, for {@code --format json} reports.
 *
 * @param name the check's stable name, e.g. {@code tlog.inclusion-proof}
 * @param passed whether it passed
 * @param expected what it wanted (may be null)
 * @param actual what it found (may be null)
 * @param detail a short human explanation
 */
public record Check(String name, boolean passed, String expected, String actual, String detail) {}
