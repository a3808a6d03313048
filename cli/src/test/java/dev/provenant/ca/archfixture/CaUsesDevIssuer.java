package dev.provenant.ca.archfixture;

import dev.provenant.sign.ServiceException;

/** Breaks MODULE_DIRECTION on purpose (ca uses the signing client); never shipped. */
public final class CaUsesSigningClient {
  ServiceException failure;
}
