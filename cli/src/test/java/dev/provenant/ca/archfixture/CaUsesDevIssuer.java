package dev.provenant.ca.archfixture;

import dev.provenant.testkit.oidc.DevOidcServer;

/** Breaks MODULE_DIRECTION on purpose (ca uses the test-only development issuer); never shipped. */
public final class CaUsesDevIssuer {
  DevOidcServer issuer;
}
