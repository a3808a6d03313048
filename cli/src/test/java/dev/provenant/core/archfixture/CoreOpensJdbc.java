package dev.provenant.core.archfixture;

import java.sql.Connection;

/** Breaks LIBRARIES_HOLD_NO_SERVERS on purpose (core opens a database); never shipped. */
public final class CoreOpensJdbc {
  Connection connection;
}
