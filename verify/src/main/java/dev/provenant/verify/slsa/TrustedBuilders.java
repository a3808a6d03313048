package dev.provenant.verify.slsa;

import dev.provenant.verify.Reason;
import dev.provenant.verify.VerificationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of trusted builders: GitHub's built-in entries ({@link GithubBuilders#BUILT_IN})
 * plus those configured from a builders file. Answers which provenance formats a builder writes and
 * which builder a configured id names.
 */
public final class TrustedBuilders {
  private static final TrustedBuilders BUILT_IN =
      new TrustedBuilders(index(GithubBuilders.BUILT_IN), Map.of());

  private final Map<String, TrustedBuilder> builtIn;
  private final Map<String, TrustedBuilder> configured;

  private TrustedBuilders(
      Map<String, TrustedBuilder> builtIn, Map<String, TrustedBuilder> configured) {
    this.builtIn = builtIn;
    this.configured = configured;
  }

  private static Map<String, TrustedBuilder> index(List<TrustedBuilder> entries) {
    Map<String, TrustedBuilder> m = new LinkedHashMap<>();
    for (TrustedBuilder b : entries) {
      m.put(b.id(), b);
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /** GitHub's builders only. */
  public static TrustedBuilders builtIn() {
    return BUILT_IN;
  }

  /**
   * GitHub's builders and {@code entries} (from {@link BuildersFile#parse}).
   *
   * @throws BuildersFileException if an entry reuses a built-in builder's id
   */
  public static TrustedBuilders withConfigured(List<TrustedBuilder> entries)
      throws BuildersFileException {
    for (int i = 0; i < entries.size(); i++) {
      if (BUILT_IN.builtIn.containsKey(entries.get(i).id())) {
        throw new BuildersFileException(
            "builders[" + i + "].id",
            "an id that is not one of GitHub's built-in builders",
            entries.get(i).id());
      }
    }
    return new TrustedBuilders(BUILT_IN.builtIn, index(entries));
  }

  /** The configured (non-built-in) builder with id {@code id} (no version), if any. */
  public Optional<TrustedBuilder> configured(String id) {
    return Optional.ofNullable(configured.get(id));
  }

  /** Every configured builder, in file order. */
  public List<TrustedBuilder> configured() {
    return List.copyOf(configured.values());
  }

  /**
   * The flavour of provenance {@code builder} writes as {@code predicateType}/{@code buildType}.
   *
   * @throws VerificationException BUILDER_ID_INVALID when no entry writes {@code predicateType};
   *     BUILD_TYPE_INVALID when the builder does not write {@code buildType}
   */
  SlsaProvenance.Kind kind(String check, String builder, String predicateType, String buildType)
      throws VerificationException {
    TrustedBuilder b = builtIn.get(builder);
    if (b == null) {
      b = configured.get(builder);
    }
    return kind(check, b, builder, predicateType, buildType);
  }

  static SlsaProvenance.Kind kind(
      String check, TrustedBuilder b, String builder, String predicateType, String buildType)
      throws VerificationException {
    List<TrustedBuilder.BuildType> types = b == null ? List.of() : b.buildTypesFor(predicateType);
    if (types.isEmpty()) {
      throw new VerificationException(
          check,
          Reason.BUILDER_ID_INVALID,
          "no provenance format is known for this builder",
          "a known builder",
          builder);
    }
    for (TrustedBuilder.BuildType t : types) {
      if (t.uri().equals(buildType)) {
        return t.kind();
      }
    }
    throw new VerificationException(
        check,
        Reason.BUILD_TYPE_INVALID,
        "build type not used by builder " + builder,
        String.join(" | ", types.stream().map(TrustedBuilder.BuildType::uri).toList()),
        buildType);
  }
}
