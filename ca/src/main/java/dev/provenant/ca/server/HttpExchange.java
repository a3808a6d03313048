package dev.provenant.ca.server;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request as the handlers see it: already read in full, decoupled from Jetty so handlers
 * can be unit-tested without a socket.
 *
 * @param method the request method
 * @param path the request path without the query
 * @param query the query parameters, each name with its values in order
 * @param headers the request headers, names in lower case
 * @param body the request body
 * @param remoteAddress the peer address, for the audit log
 */
public record HttpExchange(
    String method,
    String path,
    Map<String, List<String>> query,
    Map<String, String> headers,
    byte[] body,
    String remoteAddress) {
  /** Copies everything. */
  public HttpExchange {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
    body = body.clone();
    Objects.requireNonNull(remoteAddress, "remoteAddress");
  }

  /** A copy of the body. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The first value of query parameter {@code name}, if present. */
  public Optional<String> param(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** The header {@code name} (case-insensitive), if present. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }
}
