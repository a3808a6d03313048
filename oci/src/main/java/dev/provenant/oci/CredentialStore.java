package dev.provenant.oci;

import java.util.Optional;

/**
 * Where credentials for a registry come from. Contract: empty means "none configured" (go
 * anonymous); a store that exists but cannot be read throws {@link RegistryException} with reason
 * {@code CREDENTIALS} rather than silently going anonymous.
 */
@FunctionalInterface
public interface CredentialStore {
  /** No credentials for any registry. */
  CredentialStore ANONYMOUS = registry -> Optional.empty();

  /**
   * The credentials for {@code registry} ({@code host[:port]} as in the reference).
   *
   * @throws RegistryException CREDENTIALS when the configured store fails
   */
  Optional<Credentials> lookup(String registry) throws RegistryException;
}
