/**
 * Reproducibility, beyond SLSA Build L3: a released tag built again in a fresh sandbox from the
 * released commit with the same build definition and limits, its outputs hashed as a release hashes
 * them ({@link dev.provenant.platform.pipeline.ReleasedFiles}), and every released subject compared
 * with its rebuilt counterpart. A rebuild never runs the provenance generator and never writes to
 * the release store; its record is the only thing it leaves.
 *
 * <p>Queued through the admin API ({@link RebuildApi}, {@link RebuildRequests}), taken from the
 * build store's rebuild queue by a {@link RebuildWorker} in {@code up} or a runner process, run by
 * the {@link Rebuilder}.
 */
package dev.provenant.platform.rebuild;
