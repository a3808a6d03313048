/**
 * Container releases: the OCI image a build wrote (an image layout among its collected outputs) is
 * checked blob by blob against its digests, pushed by the platform (never by the build) to the
 * project's configured repository by digest, and its provenance attached there as cosign's {@code
 * sha256-<hex>.att}, as slsa-github-generator's {@code generator_container_slsa3} does.
 *
 * <p>The build only writes files; which repository, which credentials and which tags is the
 * platform's configuration, read outside the sandbox.
 */
package dev.provenant.platform.image;
