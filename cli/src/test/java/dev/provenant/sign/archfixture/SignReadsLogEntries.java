package dev.provenant.sign.archfixture;

import dev.provenant.log.LogEntry;

/** Breaks MODULE_DIRECTION on purpose (sign uses log, a later module); never shipped. */
public final class SignReadsLogEntries {
  LogEntry entry;
}
