package dev.provenant.platform.generator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.encoding.Base64s;
import dev.provenant.core.intoto.StatementHeader;
import dev.provenant.core.intoto.Subject;
import dev.provenant.core.slsa.v1.ProvenanceV1;
import dev.provenant.core.slsa.v1.ProvenanceV1.ResourceDescriptor;
import dev.provenant.platform.oidc.PlatformIdentity;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the platform's SLSA provenance: an in-toto Statement v1 with a SLSA provenance v1
 * predicate, exactly as the platform contract ("Provenance") lays it out, as core's {@link
 * ProvenanceV1} value and as its JSON bytes.
 *
 * <p>SPEC: https://slsa.dev/spec/v1.0/provenance — "resolvedDependencies: Unordered collection of
 * artifacts needed at build time"; the contract fixes the order anyway: the source commit first, as
 * slsa-github-generator's builders do, then every fetched URL.
 */
public final class SlsaProvenanceBuilder {
  /** The build type of platform builds. */
  public static final String BUILD_TYPE = "https://provenant.dev/build-types/sandbox/v1";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final PlatformIdentity identity;

  /** A builder for the instance {@code identity}. */
  public SlsaProvenanceBuilder(PlatformIdentity identity) {
    this.identity = identity;
  }

  /** The {@code git+<repo>@<ref>} URI of the source, as SLSA's git convention writes it. */
  public String sourceUri(GenerationRequest r) {
    return "git+" + identity.gitUri(r.repository()) + "@refs/tags/" + r.tag();
  }

  /** The provenance for {@code r}. */
  public ProvenanceV1 build(GenerationRequest r) {
    StatementHeader header =
        new StatementHeader(StatementHeader.TYPE_V1, ProvenanceV1.PREDICATE_TYPE, r.subjects());
    ObjectNode external = JSON.createObjectNode();
    ObjectNode source = external.putObject("source");
    source.put("uri", sourceUri(r));
    source.putObject("digest").put("gitCommit", r.commit());
    ObjectNode config = external.putObject("buildConfig");
    config.put("path", r.buildConfigPath());
    config.putObject("digest").put("sha256", r.buildConfigSha256());

    List<ResourceDescriptor> deps = new ArrayList<>();
    deps.add(descriptor(sourceUri(r), null, Map.of("gitCommit", r.commit())));
    for (GenerationRequest.Resource f : r.fetched()) {
      deps.add(descriptor(f.id(), null, Map.of("sha256", f.sha256())));
    }
    List<ResourceDescriptor> byproducts = new ArrayList<>();
    for (GenerationRequest.Resource b : r.byproducts()) {
      // Byproducts are named, not located: no uri.
      byproducts.add(descriptor("", b.id(), Map.of("sha256", b.sha256())));
    }
    return new ProvenanceV1(
        header,
        new ProvenanceV1.BuildDefinition(BUILD_TYPE, external, r.sandbox(), deps),
        new ProvenanceV1.RunDetails(
            identity.builderId(),
            Map.of(),
            List.of(),
            identity.invocationUri(r.repository(), r.buildId(), r.attempt()),
            r.startedOn().atOffset(ZoneOffset.UTC),
            r.finishedOn().atOffset(ZoneOffset.UTC),
            byproducts));
  }

  /**
   * A descriptor with absent fields as core reads them: "" for strings (Go's zero value), no
   * content.
   */
  private static ResourceDescriptor descriptor(
      String uri, String name, Map<String, String> digest) {
    return new ResourceDescriptor(uri, digest, name == null ? "" : name, "", "", new byte[0], null);
  }

  /**
   * The statement's JSON bytes (UTF-8, one line, fields in the schema's order, empty optional
   * fields left out).
   */
  public static byte[] encode(ProvenanceV1 p) {
    ObjectNode st = JSON.createObjectNode();
    st.put("_type", p.header().type());
    ArrayNode subjects = st.putArray("subject");
    for (Subject s : p.header().subjects()) {
      ObjectNode o = subjects.addObject();
      o.put("name", s.name());
      o.set("digest", digest(s.digest()));
    }
    st.put("predicateType", p.header().predicateType());
    ObjectNode pred = st.putObject("predicate");
    ObjectNode bd = pred.putObject("buildDefinition");
    bd.put("buildType", p.buildDefinition().buildType());
    setIfPresent(bd, "externalParameters", p.buildDefinition().externalParameters());
    setIfPresent(bd, "internalParameters", p.buildDefinition().internalParameters());
    bd.set("resolvedDependencies", descriptors(p.buildDefinition().resolvedDependencies()));
    ObjectNode rd = pred.putObject("runDetails");
    ObjectNode builder = rd.putObject("builder");
    builder.put("id", p.runDetails().builderId());
    if (!p.runDetails().builderVersion().isEmpty()) {
      builder.set("version", digest(p.runDetails().builderVersion()));
    }
    if (!p.runDetails().builderDependencies().isEmpty()) {
      builder.set("builderDependencies", descriptors(p.runDetails().builderDependencies()));
    }
    ObjectNode md = rd.putObject("metadata");
    md.put("invocationId", p.runDetails().invocationId());
    // RFC 3339 in UTC with a Z, as the SLSA schema's Timestamp (protobuf JSON) writes it.
    if (p.runDetails().startedOn() != null) {
      md.put("startedOn", DateTimeFormatter.ISO_INSTANT.format(p.runDetails().startedOn()));
    }
    if (p.runDetails().finishedOn() != null) {
      md.put("finishedOn", DateTimeFormatter.ISO_INSTANT.format(p.runDetails().finishedOn()));
    }
    if (!p.runDetails().byproducts().isEmpty()) {
      rd.set("byproducts", descriptors(p.runDetails().byproducts()));
    }
    try {
      return JSON.writeValueAsString(st).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain JSON nodes always serialises", e);
    }
  }

  private static void setIfPresent(ObjectNode o, String field, JsonNode v) {
    if (v != null && !v.isNull()) {
      o.set(field, v.deepCopy());
    }
  }

  private static ArrayNode descriptors(List<ResourceDescriptor> list) {
    ArrayNode a = JSON.createArrayNode();
    for (ResourceDescriptor d : list) {
      ObjectNode o = a.addObject();
      if (!d.uri().isEmpty()) {
        o.put("uri", d.uri());
      }
      if (!d.digest().isEmpty()) {
        o.set("digest", digest(d.digest()));
      }
      if (d.name() != null && !d.name().isEmpty()) {
        o.put("name", d.name());
      }
      if (d.downloadLocation() != null && !d.downloadLocation().isEmpty()) {
        o.put("downloadLocation", d.downloadLocation());
      }
      if (d.mediaType() != null && !d.mediaType().isEmpty()) {
        o.put("mediaType", d.mediaType());
      }
      if (d.content().length > 0) {
        o.put("content", Base64s.encode(d.content()));
      }
      setIfPresent(o, "annotations", d.annotations());
    }
    return a;
  }

  /** A digest set with its algorithms sorted (the record's map has no order). */
  private static ObjectNode digest(Map<String, String> d) {
    ObjectNode o = JSON.createObjectNode();
    new TreeMap<>(d).forEach(o::put);
    return o;
  }
}
