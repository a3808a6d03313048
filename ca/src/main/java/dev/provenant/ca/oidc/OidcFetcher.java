package dev.provenant.ca.oidc;

import java.io.IOException;
import java.net.URI;

/**
 * Fetches an issuer's discovery document or JWKS. Contract: returns the body of a 200 response,
 * throws {@link IOException} for anything else (network error, non-200, oversized body). A seam so
 * that tests can count fetches and serve rotated key sets.
 */
@FunctionalInterface
public interface OidcFetcher {
  /**
   * @param uri the document to fetch
   * @return the response body
   * @throws IOException if it cannot be fetched
   */
  byte[] fetch(URI uri) throws IOException;
}
