package dev.provenant.cli.archfixture;

import java.security.Signature;

/** Breaks CLI_CALLS_LIBRARY_APIS on purpose (signature crypto in the CLI); never shipped. */
public final class CliVerifiesSignatures {
  Signature signature;
}
