/**
 * The provenance generator: a separate OS process, the only component that asks the workload issuer
 * for the builder's token, which turns the subjects the platform hashed into a signed, logged SLSA
 * v1 provenance bundle ({@code provenance.intoto.jsonl}).
 *
 * <p>How the platform runs it:
 *
 * <pre>{@code
 * GeneratorConfig cfg = new GeneratorConfig(identity, dataDir.resolve("generator/generator.sock"),
 *     issuer.socket(), caUrl, rekorUrl, tsaUrlOrNull);
 * try (GeneratorProcess g = GeneratorProcess.start(cfg, dataDir.resolve("generator-config/config.json"),
 *     dataDir.resolve("generator.log"), Duration.ofSeconds(60))) {   // java -cp <classpath> GeneratorMain --config FILE
 *   ProvenanceGenerator.Result r = g.generate(request);               // GenerationRequest: subjects + build facts
 *   GeneratorProcess.writeProvenance(releaseDir, r);                   // one line, Sigstore bundle v0.3
 * }
 * }</pre>
 *
 * <p>Neither socket nor key directory may be mounted into a build sandbox: both sockets are
 * filesystem (not abstract) UNIX sockets in 0700 directories, so a sandbox without the platform's
 * data directory in its mount namespace cannot name them, whatever network it shares.
 *
 * <p>{@link dev.provenant.platform.generator.ProvenanceSigner} is the only class that calls the
 * signing client.
 */
package dev.provenant.platform.generator;
