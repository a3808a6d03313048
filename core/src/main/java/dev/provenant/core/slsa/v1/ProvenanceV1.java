package dev.provenant.core.slsa.v1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.intoto.StatementHeader;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.json.JsonFormatException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An in-toto statement carrying a SLSA provenance v1 predicate, read strictly: a key the v1 schema
 * does not define is an error, except inside {@code externalParameters}, {@code internalParameters}
 * and resource-descriptor {@code annotations}.
 *
 * <p>SPEC: https://slsa.dev/spec/v1.0/provenance
 *
 * @param header the statement header
 * @param buildDefinition {@code predicate.buildDefinition}
 * @param runDetails {@code predicate.runDetails}
 */
public record ProvenanceV1(
    StatementHeader header, BuildDefinition buildDefinition, RunDetails runDetails) {
  /** The v1 predicate type URI. */
  public static final String PREDICATE_TYPE = "https://slsa.dev/provenance/v1";

  /** Validates. */
  public ProvenanceV1 {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(buildDefinition, "buildDefinition");
    Objects.requireNonNull(runDetails, "runDetails");
  }

  /**
   * {@code buildDefinition}.
   *
   * @param buildType the build type URI
   * @param externalParameters free-form, or null
   * @param internalParameters free-form, or null
   * @param resolvedDependencies in order
   */
  public record BuildDefinition(
      String buildType,
      @Nullable JsonNode externalParameters,
      @Nullable JsonNode internalParameters,
      List<ResourceDescriptor> resolvedDependencies) {
    /** Validates and copies. */
    public BuildDefinition {
      Objects.requireNonNull(buildType, "buildType");
      resolvedDependencies = List.copyOf(resolvedDependencies);
    }
  }

  /**
   * {@code runDetails}.
   *
   * @param builderId {@code builder.id}
   * @param builderVersion {@code builder.version}
   * @param builderDependencies {@code builder.builderDependencies}
   * @param invocationId {@code metadata.invocationId}
   * @param startedOn {@code metadata.startedOn}, or null
   * @param finishedOn {@code metadata.finishedOn}, or null
   * @param byproducts {@code byproducts}
   */
  public record RunDetails(
      String builderId,
      Map<String, String> builderVersion,
      List<ResourceDescriptor> builderDependencies,
      String invocationId,
      @Nullable OffsetDateTime startedOn,
      @Nullable OffsetDateTime finishedOn,
      List<ResourceDescriptor> byproducts) {
    /** Validates and copies. */
    public RunDetails {
      Objects.requireNonNull(builderId, "builderId");
      Objects.requireNonNull(invocationId, "invocationId");
      builderVersion = Map.copyOf(builderVersion);
      builderDependencies = List.copyOf(builderDependencies);
      byproducts = List.copyOf(byproducts);
    }
  }

  /**
   * An in-toto ResourceDescriptor.
   *
   * <p>SPEC: https://github.com/in-toto/attestation/blob/main/spec/v1/resource_descriptor.md
   *
   * @param uri {@code uri}
   * @param digest {@code digest}
   * @param name {@code name}
   * @param downloadLocation {@code downloadLocation}
   * @param mediaType {@code mediaType}
   * @param content {@code content} (decoded base64; copied)
   * @param annotations {@code annotations} object, or null
   */
  public record ResourceDescriptor(
      String uri,
      Map<String, String> digest,
      String name,
      String downloadLocation,
      String mediaType,
      byte[] content,
      @Nullable JsonNode annotations) {
    /** Validates and copies. */
    public ResourceDescriptor {
      Objects.requireNonNull(uri, "uri");
      digest = Map.copyOf(digest);
      content = content.clone();
    }

    @Override
    public byte[] content() {
      return content.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ResourceDescriptor r
          && uri.equals(r.uri)
          && digest.equals(r.digest)
          && Objects.equals(name, r.name)
          && Objects.equals(downloadLocation, r.downloadLocation)
          && Objects.equals(mediaType, r.mediaType)
          && Arrays.equals(content, r.content)
          && Objects.equals(annotations, r.annotations);
    }

    @Override
    public int hashCode() {
      return Objects.hash(uri, digest, name, Arrays.hashCode(content));
    }

    @Override
    public String toString() {
      return "ResourceDescriptor[uri=" + uri + ", digest=" + digest + "]";
    }

    static ResourceDescriptor fromJson(JsonNode n, String what) throws JsonFormatException {
      GoJson.Struct s =
          GoJson.struct(
              n,
              what,
              true,
              "uri",
              "digest",
              "name",
              "downloadLocation",
              "mediaType",
              "content",
              "annotations");
      JsonNode ann = s.raw("annotations");
      if (ann != null && !ann.isObject()) {
        throw new JsonFormatException(
            what + ".annotations: expected an object, got " + ann.getNodeType());
      }
      return new ResourceDescriptor(
          s.string("uri"),
          s.stringMap("digest"),
          s.string("name"),
          s.string("downloadLocation"),
          s.string("mediaType"),
          s.bytes("content"),
          ann);
    }
  }

  private static List<ResourceDescriptor> descriptors(GoJson.Struct s, String field)
      throws JsonFormatException {
    List<ResourceDescriptor> out = new ArrayList<>();
    int i = 0;
    for (JsonNode n : s.list(field)) {
      out.add(ResourceDescriptor.fromJson(n, s.what() + "." + field + "[" + i++ + "]"));
    }
    return out;
  }

  /**
   * Parses a statement with a v1 predicate strictly. The predicate type is not checked here.
   *
   * @throws JsonFormatException on invalid JSON, an unknown key or a wrongly typed value
   */
  public static ProvenanceV1 parse(byte[] json) throws JsonFormatException {
    GoJson.Struct st =
        GoJson.struct(
            GoJson.parse(json),
            "statement",
            true,
            "_type",
            "predicateType",
            "subject",
            "predicate");
    StatementHeader header = StatementHeader.fromStruct(st, true);
    GoJson.Struct p =
        GoJson.struct(st.raw("predicate"), "predicate", true, "buildDefinition", "runDetails");
    GoJson.Struct bd =
        GoJson.struct(
            p.raw("buildDefinition"),
            "predicate.buildDefinition",
            true,
            "buildType",
            "externalParameters",
            "internalParameters",
            "resolvedDependencies");
    GoJson.Struct rd =
        GoJson.struct(
            p.raw("runDetails"), "predicate.runDetails", true, "builder", "metadata", "byproducts");
    GoJson.Struct b =
        GoJson.struct(
            rd.raw("builder"),
            "predicate.runDetails.builder",
            true,
            "id",
            "version",
            "builderDependencies");
    GoJson.Struct md =
        GoJson.struct(
            rd.raw("metadata"),
            "predicate.runDetails.metadata",
            true,
            "invocationId",
            "startedOn",
            "finishedOn");
    return new ProvenanceV1(
        header,
        new BuildDefinition(
            bd.string("buildType"),
            bd.raw("externalParameters"),
            bd.raw("internalParameters"),
            descriptors(bd, "resolvedDependencies")),
        new RunDetails(
            b.string("id"),
            b.stringMap("version"),
            descriptors(b, "builderDependencies"),
            md.string("invocationId"),
            md.time("startedOn"),
            md.time("finishedOn"),
            descriptors(rd, "byproducts")));
  }
}
