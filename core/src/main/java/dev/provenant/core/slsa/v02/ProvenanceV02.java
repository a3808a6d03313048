package dev.provenant.core.slsa.v02;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.intoto.StatementHeader;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.json.JsonFormatException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An in-toto statement carrying a SLSA provenance v0.2 predicate, read strictly: a key that the
 * v0.2 schema does not define is an error (as slsa-verifier's DisallowUnknownFields decode does),
 * except inside the free-form {@code parameters}, {@code environment} and {@code buildConfig}.
 *
 * <p>SPEC: https://slsa.dev/spec/v0.2/provenance
 *
 * @param header the statement header
 * @param predicate the provenance predicate
 */
public record ProvenanceV02(StatementHeader header, Predicate predicate) {
  /** The v0.2 predicate type URI. */
  public static final String PREDICATE_TYPE = "https://slsa.dev/provenance/v0.2";

  /** Validates. */
  public ProvenanceV02 {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(predicate, "predicate");
  }

  /**
   * The predicate.
   *
   * @param builderId {@code builder.id} ("" when absent)
   * @param buildType {@code buildType}
   * @param invocation {@code invocation} (empty when absent)
   * @param buildConfig free-form {@code buildConfig}, or null
   * @param metadata {@code metadata}, or null when absent
   * @param materials {@code materials}, in order
   */
  public record Predicate(
      String builderId,
      String buildType,
      Invocation invocation,
      @Nullable JsonNode buildConfig,
      @Nullable Metadata metadata,
      List<Material> materials) {
    /** Validates and copies. */
    public Predicate {
      Objects.requireNonNull(builderId, "builderId");
      Objects.requireNonNull(buildType, "buildType");
      Objects.requireNonNull(invocation, "invocation");
      materials = List.copyOf(materials);
    }
  }

  /**
   * {@code invocation}.
   *
   * @param configSource where the build configuration came from
   * @param parameters free-form external parameters, or null
   * @param environment free-form builder environment, or null
   */
  public record Invocation(
      ConfigSource configSource, @Nullable JsonNode parameters, @Nullable JsonNode environment) {
    /** Validates. */
    public Invocation {
      Objects.requireNonNull(configSource, "configSource");
    }
  }

  /**
   * {@code invocation.configSource}.
   *
   * @param uri source URI with ref, e.g. {@code git+https://github.com/o/r@refs/tags/v1}
   * @param digest digest set of the source
   * @param entryPoint path of the build configuration
   */
  public record ConfigSource(String uri, Map<String, String> digest, String entryPoint) {
    /** Validates and copies. */
    public ConfigSource {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(entryPoint, "entryPoint");
      digest = Map.copyOf(digest);
    }
  }

  /**
   * {@code metadata}.
   *
   * @param buildInvocationId invocation id ("" when absent)
   * @param buildStartedOn start time, or null
   * @param buildFinishedOn finish time, or null
   * @param completeParameters {@code completeness.parameters}
   * @param completeEnvironment {@code completeness.environment}
   * @param completeMaterials {@code completeness.materials}
   * @param reproducible {@code reproducible}
   */
  public record Metadata(
      String buildInvocationId,
      @Nullable OffsetDateTime buildStartedOn,
      @Nullable OffsetDateTime buildFinishedOn,
      boolean completeParameters,
      boolean completeEnvironment,
      boolean completeMaterials,
      boolean reproducible) {
    /** Validates. */
    public Metadata {
      Objects.requireNonNull(buildInvocationId, "buildInvocationId");
    }
  }

  /**
   * One entry of {@code materials}.
   *
   * @param uri material URI ("" when absent)
   * @param digest digest set
   */
  public record Material(String uri, Map<String, String> digest) {
    /** Validates and copies. */
    public Material {
      Objects.requireNonNull(uri, "uri");
      digest = Map.copyOf(digest);
    }
  }

  /**
   * Parses a statement with a v0.2 predicate strictly. The predicate type is not checked here:
   * callers dispatch on it first.
   *
   * @throws JsonFormatException on invalid JSON, an unknown key or a wrongly typed value
   */
  public static ProvenanceV02 parse(byte[] json) throws JsonFormatException {
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
        GoJson.struct(
            st.raw("predicate"),
            "predicate",
            true,
            "builder",
            "buildType",
            "invocation",
            "buildConfig",
            "metadata",
            "materials");
    GoJson.Struct builder = GoJson.struct(p.raw("builder"), "predicate.builder", true, "id");
    GoJson.Struct inv =
        GoJson.struct(
            p.raw("invocation"),
            "predicate.invocation",
            true,
            "configSource",
            "parameters",
            "environment");
    GoJson.Struct cs =
        GoJson.struct(
            inv.raw("configSource"),
            "predicate.invocation.configSource",
            true,
            "uri",
            "digest",
            "entryPoint");
    Metadata metadata = null;
    if (p.has("metadata")) {
      GoJson.Struct m =
          GoJson.struct(
              p.raw("metadata"),
              "predicate.metadata",
              true,
              "buildInvocationID",
              "buildStartedOn",
              "buildFinishedOn",
              "completeness",
              "reproducible");
      GoJson.Struct c =
          GoJson.struct(
              m.raw("completeness"),
              "predicate.metadata.completeness",
              true,
              "parameters",
              "environment",
              "materials");
      metadata =
          new Metadata(
              m.string("buildInvocationID"),
              m.time("buildStartedOn"),
              m.time("buildFinishedOn"),
              c.bool("parameters"),
              c.bool("environment"),
              c.bool("materials"),
              m.bool("reproducible"));
    }
    List<Material> materials = new ArrayList<>();
    int i = 0;
    for (JsonNode n : p.list("materials")) {
      GoJson.Struct m = GoJson.struct(n, "predicate.materials[" + i++ + "]", true, "uri", "digest");
      materials.add(new Material(m.string("uri"), m.stringMap("digest")));
    }
    return new ProvenanceV02(
        header,
        new Predicate(
            builder.string("id"),
            p.string("buildType"),
            new Invocation(
                new ConfigSource(cs.string("uri"), cs.stringMap("digest"), cs.string("entryPoint")),
                inv.raw("parameters"),
                inv.raw("environment")),
            p.raw("buildConfig"),
            metadata,
            materials));
  }
}
