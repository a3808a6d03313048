package dev.provenant.platform.oidc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the issuer's public documents (discovery, JWKS) and nothing else: it declines every other
 * path, so the platform can put it in front of its own handlers. There is no token endpoint.
 */
final class WorkloadIssuerHandler extends Handler.Abstract.NonBlocking {
  private final WorkloadIssuer issuer;

  WorkloadIssuerHandler(WorkloadIssuer issuer) {
    this.issuer = issuer;
  }

  @Override
  public boolean handle(Request req, Response resp, Callback cb) {
    String path = Request.getPathInContext(req);
    String body;
    if (WorkloadIssuer.DISCOVERY_PATH.equals(path)) {
      body = issuer.discoveryJson();
    } else if (WorkloadIssuer.JWKS_PATH.equals(path)) {
      body = issuer.jwksJson();
    } else {
      return false;
    }
    if (!HttpMethod.GET.is(req.getMethod()) && !HttpMethod.HEAD.is(req.getMethod())) {
      resp.setStatus(405);
      resp.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      cb.succeeded();
      return true;
    }
    resp.setStatus(200);
    resp.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    resp.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=300");
    resp.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), cb);
    return true;
  }
}
