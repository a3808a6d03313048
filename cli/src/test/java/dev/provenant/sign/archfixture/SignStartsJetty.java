package dev.provenant.sign.archfixture;

import org.eclipse.jetty.server.Server;

/** Breaks LIBRARIES_HOLD_NO_SERVERS on purpose (HouseRulesViolationTest); never shipped. */
public final class SignStartsJetty {
  Server server;
}
