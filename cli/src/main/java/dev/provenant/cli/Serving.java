package dev.provenant.cli;

import java.util.concurrent.CountDownLatch;

/** Long-running commands ({@code up}, {@code runner}): serve until SIGTERM, then close cleanly. */
final class Serving {
  private Serving() {}

  /**
   * Blocks until the JVM is asked to stop, closes {@code service} in the shutdown hook, and returns
   * exit 0.
   */
  static int untilStopped(String name, AutoCloseable service) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.err.println("provenant " + name + ": stopping");
                  try {
                    service.close();
                  } catch (Exception e) {
                    System.err.println("provenant " + name + ": " + e.getMessage());
                  }
                  stopped.countDown();
                }));
    stopped.await();
    return ExitCode.VERIFIED.code();
  }
}
