package dev.provenant.core.trustroot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.json.JsonFormatException;
import dev.provenant.core.json.ProtoJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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

  private SigningConfig(String mediaType, List<Service> ca, List<Service> oidc, List<Service> tlogs, List<Service> tsas,
      Selector tlogConfig, Selector tsaConfig) {
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

  /** The newest-API service valid at {@code at}, if any (what a client picks for "ANY"). */
  public static Optional<Service> select(List<Service> services, Instant at) {
    Service best = null;
    for (Service s : services) {
      if (s.validFor().contains(at) && (best == null || s.majorApiVersion() > best.majorApiVersion())) {
        best = s;
      }
    }
    return Optional.ofNullable(best);
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
      if ("application/vnd.dev.sigstore.signingconfig.v0.2+json".equals(mt)) {
        return new SigningConfig(mt,
            services(root, "caUrls"), services(root, "oidcUrls"), services(root, "rekorTlogUrls"), services(root, "tsaUrls"),
            selector(root, "rekorTlogConfig"), selector(root, "tsaConfig"));
      }
      if ("application/vnd.dev.sigstore.signingconfig.v0.1+json".equals(mt)) {
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
        return new SigningConfig(mt, ca, oidc, tlogs, tsas, new Selector("ANY", 0), new Selector("ANY", 0));
      }
      throw new TrustRootFormatException("signingConfig.mediaType: unsupported " + mt);
    } catch (JsonFormatException e) {
      throw new TrustRootFormatException(e.getMessage());
    }
  }

  private static List<Service> services(JsonNode root, String name) throws JsonFormatException, TrustRootFormatException {
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
      if (start == null) {
        throw new TrustRootFormatException(p + ".validFor.start: missing (required)");
      }
      Instant end = ProtoJson.optTimestamp(vf, "end", p + ".validFor");
      if (end != null && end.isBefore(start)) {
        throw new TrustRootFormatException(p + ".validFor: end before start");
      }
      out.add(new Service(url, (int) v, new TimeRange(start, end), ProtoJson.optString(s, "operator", p)));
    }
    return out;
  }

  private static Selector selector(JsonNode root, String name) throws JsonFormatException {
    JsonNode c = ProtoJson.optObject(root, name, "signingConfig");
    if (c == null) {
      return new Selector("ANY", 0);
    }
    String sel = ProtoJson.optString(c, "selector", "signingConfig." + name);
    return new Selector(sel == null ? "ANY" : sel, (int) ProtoJson.int64(c, "count", "signingConfig." + name, 0));
  }
}
