package dev.provenant.core.trustroot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.json.JsonFormatException;
import dev.provenant.core.json.ProtoJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A Sigstore signing configuration ({@code signing_config.json}, protobuf-specs {@code
 * dev.sigstore.trustroot.v1.SigningConfig}): which CA, OIDC provider, transparency logs and
 * timestamp authorities a signer should use, each with a validity window and API version.
 *
 * <p>SPEC: https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_trustroot.proto —
 * v0.2 lists {@code Service}s ({@code url}, {@code majorApiVersion}, {@code validFor}, {@code
 * operator}) and selectors ({@code ANY}, {@code ALL}, {@code EXACT} with a count); v0.1 had single
 * URL strings, read here as services of API version 1 valid from the epoch.
 */
public final class SigningConfig {
  /** One service endpoint. */
  public record Service(String url, int majorApiVersion, TimeRange validFor, String operator) {
    /** Validates. */
    public Service {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(validFor, "validFor");
      operator = operator == null ? "" : operator;
    }
  }

  /** How many services of a kind a signer should use. */
  public record Selector(String selector, int count) {
    /** Validates. */
    public Selector {
      Objects.requireNonNull(selector, "selector");
    }
  }

  private final String mediaType;
  private final List<Service> caUrls;
  private final List<Service> oidcUrls;
  private final List<Service> rekorTlogUrls;
  private final List<Service> tsaUrls;
  private final Selector rekorTlogConfig;
  private final Selector tsaConfig;

  private SigningConfig(
      String mediaType,
      List<Service> ca,
      List<Service> oidc,
      List<Service> tlogs,
      List<Service> tsas,
      Selector tlogConfig,
      Selector tsaConfig) {
    this.mediaType = mediaType;
    this.caUrls = List.copyOf(ca);
    this.oidcUrls = List.copyOf(oidc);
    this.rekorTlogUrls = List.copyOf(tlogs);
    this.tsaUrls = List.copyOf(tsas);
    this.rekorTlogConfig = tlogConfig;
    this.tsaConfig = tsaConfig;
  }

  /** The media type as written. */
  public String mediaType() {
    return mediaType;
  }

  /** Fulcio-compatible CAs. */
  public List<Service> caUrls() {
    return caUrls;
  }

  /** OIDC providers. */
  public List<Service> oidcUrls() {
    return oidcUrls;
  }

  /** Rekor logs (majorApiVersion 1 = Rekor v1, 2 = Rekor v2). */
  public List<Service> rekorTlogUrls() {
    return rekorTlogUrls;
  }

  /** RFC 3161 timestamp authorities. */
  public List<Service> tsaUrls() {
    return tsaUrls;
  }

  /** The log selector ({@code ANY} when absent). */
  public Selector rekorTlogConfig() {
    return rekorTlogConfig;
  }

  /** The TSA selector ({@code ANY} when absent). */
  public Selector tsaConfig() {
    return tsaConfig;
  }

  /** The v0.2 media type, which {@link #toJson()} writes. */
  public static final String MEDIA_TYPE_V02 =
      "application/vnd.dev.sigstore.signingconfig.v0.2+json";

  /**
   * A v0.2 signing config from parts.
   *
   * @param rekorTlogConfig how many logs to use, e.g. {@code new Selector("ANY", 0)}
   * @param tsaConfig how many TSAs to use
   */
  public static SigningConfig of(
      List<Service> caUrls,
      List<Service> oidcUrls,
      List<Service> rekorTlogUrls,
      List<Service> tsaUrls,
      Selector rekorTlogConfig,
      Selector tsaConfig) {
    return new SigningConfig(
        MEDIA_TYPE_V02,
        caUrls,
        oidcUrls,
        rekorTlogUrls,
        tsaUrls,
        Objects.requireNonNull(rekorTlogConfig, "rekorTlogConfig"),
        Objects.requireNonNull(tsaConfig, "tsaConfig"));
  }

  /**
   * The services a signer uses, chosen once by {@link #select}.
   *
   * @param ca the certificate authority
   * @param tlogs the transparency logs to write to (at least one)
   * @param tsas the timestamp authorities to ask (possibly none)
   */
  public record Selection(Service ca, List<Service> tlogs, List<Service> tsas) {
    /** Validates and copies. */
    public Selection {
      Objects.requireNonNull(ca, "ca");
      tlogs = List.copyOf(tlogs);
      tsas = List.copyOf(tsas);
      if (tlogs.isEmpty()) {
        throw new IllegalArgumentException("a selection names at least one transparency log");
      }
    }
  }

  /**
   * Chooses the services a client signs with at {@code now}, the one place this rule lives.
   *
   * <p>SPEC: protobuf-specs sigstore_trustroot.proto {@code Service} and {@code ServiceSelector},
   * and the Sigstore client spec's signing-config section. For each list: keep the services valid
   * at {@code now} (closed interval) whose {@code majorApiVersion} the client supports; of each
   * operator keep one, the highest supported API version and within it the newest {@code
   * validFor.start} ("a service that has only a start date SHOULD be considered the most recent
   * instance"); order operators the same way. Then the selector: {@code ANY} takes the first,
   * {@code ALL} every operator's, {@code EXACT} the first {@code count} and fails with fewer. The
   * CA list is read as {@code ANY}; a config with no TSA yields an empty TSA list.
   *
   * @param caVersions CA API versions the client speaks (Fulcio v2 REST is {@code majorApiVersion}
   *     1)
   * @param tlogVersions log API versions the client speaks (1 = Rekor v1, 2 = Rekor v2)
   * @param tsaVersions TSA API versions the client speaks
   * @throws ServiceSelectionException if no CA or no log is usable, or an {@code EXACT} selector
   *     cannot be met
   */
  public Selection select(
      Instant now, Set<Integer> caVersions, Set<Integer> tlogVersions, Set<Integer> tsaVersions)
      throws ServiceSelectionException {
    List<Service> ca = pick("caUrls", caUrls, caVersions, now, new Selector("ANY", 0));
    if (ca.isEmpty()) {
      throw new ServiceSelectionException(
          "caUrls",
          "expected a CA valid at "
              + now
              + " with majorApiVersion in "
              + caVersions
              + ", got none of "
              + caUrls.size());
    }
    List<Service> tlogs = pick("rekorTlogUrls", rekorTlogUrls, tlogVersions, now, rekorTlogConfig);
    if (tlogs.isEmpty()) {
      throw new ServiceSelectionException(
          "rekorTlogUrls",
          "expected a log valid at "
              + now
              + " with majorApiVersion in "
              + tlogVersions
              + ", got none of "
              + rekorTlogUrls.size());
    }
    List<Service> tsas = pick("tsaUrls", tsaUrls, tsaVersions, now, tsaConfig);
    return new Selection(ca.get(0), tlogs, tsas);
  }

  private static List<Service> pick(
      String kind, List<Service> services, Set<Integer> versions, Instant now, Selector selector)
      throws ServiceSelectionException {
    Comparator<Service> better =
        Comparator.<Service>comparingInt(Service::majorApiVersion)
            .thenComparing(s -> s.validFor().start());
    Map<String, Service> byOperator = new LinkedHashMap<>();
    for (Service s : services) {
      if (!s.validFor().contains(now) || !versions.contains(s.majorApiVersion())) {
        continue;
      }
      byOperator.merge(s.operator(), s, (a, b) -> better.compare(b, a) > 0 ? b : a);
    }
    List<Service> ranked = new ArrayList<>(byOperator.values());
    // Stable sort: equal rank keeps file order.
    ranked.sort(better.reversed());
    switch (selector.selector()) {
      case "ALL":
        return ranked;
      case "EXACT":
        if (selector.count() < 1 || ranked.size() < selector.count()) {
          throw new ServiceSelectionException(
              kind,
              "EXACT selector: expected "
                  + selector.count()
                  + " usable services from distinct operators, got "
                  + ranked.size());
        }
        return ranked.subList(0, selector.count());
      case "ANY":
      case "SERVICE_SELECTOR_UNDEFINED":
        return ranked.isEmpty() ? ranked : ranked.subList(0, 1);
      default:
        throw new ServiceSelectionException(kind, "unknown selector " + selector.selector());
    }
  }

  /**
   * This config as signing_config.json v0.2 (protobuf JSON mapping, two-space indent, final
   * newline); {@link #parse} reads it back to an equal config.
   */
  public String toJson() {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("mediaType", MEDIA_TYPE_V02);
    writeServices(root.putArray("caUrls"), caUrls);
    writeServices(root.putArray("oidcUrls"), oidcUrls);
    writeServices(root.putArray("rekorTlogUrls"), rekorTlogUrls);
    writeServices(root.putArray("tsaUrls"), tsaUrls);
    writeSelector(root.putObject("rekorTlogConfig"), rekorTlogConfig);
    writeSelector(root.putObject("tsaConfig"), tsaConfig);
    return TrustedRoot.pretty(root);
  }

  private static void writeServices(ArrayNode a, List<Service> services) {
    for (Service s : services) {
      ObjectNode o = a.addObject();
      o.put("url", s.url()).put("majorApiVersion", s.majorApiVersion());
      TrustedRoot.writeRange(o.putObject("validFor"), s.validFor());
      if (!s.operator().isEmpty()) {
        o.put("operator", s.operator());
      }
    }
  }

  private static void writeSelector(ObjectNode o, Selector s) {
    o.put("selector", s.selector());
    if (s.count() != 0) {
      o.put("count", s.count());
    }
  }

  /**
   * Parses signing_config.json (v0.1 or v0.2).
   *
   * @throws TrustRootFormatException if the media type is unknown or a field is malformed
   */
  public static SigningConfig parse(byte[] json) throws TrustRootFormatException {
    try {
      ObjectNode root = ProtoJson.parseObject(json, "signingConfig");
      String mt = ProtoJson.optString(root, "mediaType", "signingConfig");
      if (mt != null && mt.equals("application/vnd.dev.sigstore.signingconfig.v0.2+json")) {
        return new SigningConfig(
            mt,
            services(root, "caUrls"),
            services(root, "oidcUrls"),
            services(root, "rekorTlogUrls"),
            services(root, "tsaUrls"),
            selector(root, "rekorTlogConfig"),
            selector(root, "tsaConfig"));
      }
      if (mt != null && mt.equals("application/vnd.dev.sigstore.signingconfig.v0.1+json")) {
        TimeRange always = new TimeRange(Instant.EPOCH, null);
        List<Service> ca = new ArrayList<>();
        List<Service> oidc = new ArrayList<>();
        String c = ProtoJson.optString(root, "caUrl", "signingConfig");
        if (c != null) {
          ca.add(new Service(c, 1, always, ""));
        }
        String o = ProtoJson.optString(root, "oidcUrl", "signingConfig");
        if (o != null) {
          oidc.add(new Service(o, 1, always, ""));
        }
        List<Service> tlogs = new ArrayList<>();
        for (JsonNode u : ProtoJson.array(root, "tlogUrls", "signingConfig")) {
          tlogs.add(new Service(u.asText(), 1, always, ""));
        }
        List<Service> tsas = new ArrayList<>();
        for (JsonNode u : ProtoJson.array(root, "tsaUrls", "signingConfig")) {
          tsas.add(new Service(u.asText(), 1, always, ""));
        }
        return new SigningConfig(
            mt, ca, oidc, tlogs, tsas, new Selector("ANY", 0), new Selector("ANY", 0));
      }
      throw new TrustRootFormatException("signingConfig.mediaType: unsupported " + mt);
    } catch (JsonFormatException e) {
      throw new TrustRootFormatException(e.getMessage());
    }
  }

  private static List<Service> services(JsonNode root, String name)
      throws JsonFormatException, TrustRootFormatException {
    List<Service> out = new ArrayList<>();
    List<JsonNode> list = ProtoJson.array(root, name, "signingConfig");
    for (int i = 0; i < list.size(); i++) {
      String p = "signingConfig." + name + "[" + i + "]";
      JsonNode s = list.get(i);
      if (!s.isObject()) {
        throw new TrustRootFormatException(p + ": expected an object");
      }
      String url = ProtoJson.string(s, "url", p);
      long v = ProtoJson.int64(s, "majorApiVersion", p, 0);
      JsonNode vf = ProtoJson.optObject(s, "validFor", p);
      Instant start = vf == null ? null : ProtoJson.optTimestamp(vf, "start", p + ".validFor");
      if (vf == null || start == null) {
        throw new TrustRootFormatException(p + ".validFor.start: missing (required)");
      }
      Instant end = ProtoJson.optTimestamp(vf, "end", p + ".validFor");
      if (end != null && end.isBefore(start)) {
        throw new TrustRootFormatException(p + ".validFor: end before start");
      }
      out.add(
          new Service(
              url,
              (int) v,
              new TimeRange(start, end),
              Objects.requireNonNullElse(ProtoJson.optString(s, "operator", p), "")));
    }
    return out;
  }

  private static Selector selector(JsonNode root, String name) throws JsonFormatException {
    JsonNode c = ProtoJson.optObject(root, name, "signingConfig");
    if (c == null) {
      return new Selector("ANY", 0);
    }
    String sel = ProtoJson.optString(c, "selector", "signingConfig." + name);
    return new Selector(
        sel == null ? "ANY" : sel, (int) ProtoJson.int64(c, "count", "signingConfig." + name, 0));
  }
}
