package dev.provenant.platform.up;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.platform.oidc.PlatformIdentity;
import java.util.regex.Pattern;

/**
 * The builders file {@code up} writes: this instance's builder, for {@code verify-artifact
 * --builders}.
 */
final class Builders {
  static final String BUILD_TYPE = "https://provenant.dev/build-types/sandbox/v1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Builders() {}

  static String json(PlatformIdentity identity)
      throws com.fasterxml.jackson.core.JsonProcessingException {
    String web = identity.issuer();
    String id = identity.builderId();
    String unversioned = id.substring(0, id.lastIndexOf('@'));
    ObjectNode root = JSON.createObjectNode();
    ObjectNode b = root.putArray("builders").addObject();
    b.put("id", unversioned);
    b.put("oidcIssuer", web);
    b.put(
        "certificateIdentityRegexp",
        "^" + Pattern.quote(unversioned) + "@v[0-9]+\\.[0-9]+\\.[0-9]+$");
    b.put("sourceRepositoryUriPrefix", web + "/git/");
    b.put("buildType", BUILD_TYPE);
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
  }
}
