package dev.provenant.platform.archfixture;

import java.security.Signature;

/** Breaks PLATFORM_HOLDS_NO_VERIFICATION on purpose (JCA signature check); never shipped. */
public final class PlatformVerifiesSignatures {
  Signature signature;
}
