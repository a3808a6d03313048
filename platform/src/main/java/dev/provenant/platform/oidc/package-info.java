/**
 * The platform's workload OIDC issuer: the identity provider that the keyless CA trusts for
 * platform builds (issuer URL = the platform's base URL {@code {web}}).
 *
 * <p>How the platform runs it:
 *
 * <pre>{@code
 * WorkloadIssuer issuer = WorkloadIssuer.open(PlatformIdentity.of(web), dataDir.resolve("issuer"),
 *     buildRecords, Clock.systemUTC());            // 0700 dir, ES256 key in issuer-key.json (0600)
 * handlers.add(issuer.handler());                   // GET {web}/.well-known/openid-configuration, /.well-known/jwks.json
 * issuer.startMinting();                            // UNIX socket dataDir/issuer/issuer.sock, no TCP endpoint
 * }</pre>
 *
 * <p>The minting protocol is one JSON line each way: {@code {"buildId":"42","attempt":1}} → {@code
 * {"token":"<JWT>"}} or {@code {"error":{"reason":"UNKNOWN_BUILD|BAD_REQUEST|PEER_REFUSED",
 * "message":...}}}. Claims (audience {@code sigstore}, 5 minutes) are the platform contract's,
 * filled from {@link dev.provenant.platform.oidc.BuildRecords}; {@link
 * dev.provenant.platform.oidc.BuildRecords#find} should return a build only while it awaits
 * provenance.
 *
 * <p>The CA trusts it with {@code provenant ca serve --oidc-issuer {web} --issuer-type
 * {web}=provenant-platform} (http is accepted for a loopback issuer only).
 */
package dev.provenant.platform.oidc;
