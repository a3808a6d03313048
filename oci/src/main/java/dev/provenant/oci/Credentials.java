package dev.provenant.oci;

import java.util.Objects;

/**
 * A registry login: user name and password, or an identity token (docker's {@code identitytoken},
 * sent as the refresh token of an OAuth2 token request; {@code username} is then {@code <token>}).
 *
 * @param username the user name
 * @param secret the password or identity token
 * @param identityToken whether {@code secret} is an identity token
 */
public record Credentials(String username, String secret, boolean identityToken) {
  /** Validates. */
  public Credentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(secret, "secret");
  }

  /** A user name and password. */
  public static Credentials basic(String username, String password) {
    return new Credentials(username, password, false);
  }

  @Override
  public String toString() {
    return "Credentials[" + username + ", ***]";
  }
}
