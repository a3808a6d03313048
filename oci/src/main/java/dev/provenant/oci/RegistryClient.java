package dev.provenant.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.json.JsonFormatException;
import dev.provenant.oci.RegistryException.Reason;
import dev.provenant.sign.http.HttpTransport;
import dev.provenant.sign.http.HttpTransport.Call;
import dev.provenant.sign.http.HttpTransport.Reply;
import dev.provenant.sign.http.TransportException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OCI distribution-spec v1.1 client on sign's {@link HttpTransport} (its one policy: timeouts,
 * redirects, size caps, bounded retries).
 *
 * <ul>
 *   <li>Auth: requests go out anonymously first; a 401's {@code WWW-Authenticate} picks Basic
 *       (credentials sent directly) or Bearer (a token from the challenge's realm for the
 *       repository scope, with the credentials if there are any). Tokens are cached per registry
 *       and scope.
 *   <li>Integrity: every manifest and blob is hashed and compared with the digest it was asked by,
 *       or, for a tag, with the registry's {@code Docker-Content-Digest}; a mismatch is {@link
 *       Reason#DIGEST_MISMATCH}, never returned content.
 *   <li>Transport security: https, except plain http for loopback registries and for those listed
 *       as insecure ({@code --insecure-registry}).
 * </ul>
 *
 * <p>SPEC: https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md
 *
 * <p>Thread-safe.
 */
public final class RegistryClient {
  private static final String SERVICE = "registry";

  /** Distribution spec: registries SHOULD accept manifests of at least 4 MiB; we read no larger. */
  static final int MAX_MANIFEST_BYTES = 4 << 20;

  /** Default upload chunk for {@link #pushBlob}. */
  public static final int DEFAULT_CHUNK = 5 << 20;

  private final HttpTransport transport;
  private final CredentialStore credentials;
  private final Set<String> insecure;
  private final Map<String, String> authCache = new ConcurrentHashMap<>();

  private RegistryClient(
      HttpTransport transport, CredentialStore credentials, Set<String> insecure) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.insecure = Set.copyOf(insecure);
  }

  /**
   * A client.
   *
   * @param transport the HTTP transport (its policy applies to every request)
   * @param credentials where logins come from ({@link CredentialStore#ANONYMOUS}, {@link
   *     DockerConfig})
   * @param insecureRegistries {@code host[:port]} values that may be reached over plain http
   */
  public static RegistryClient create(
      HttpTransport transport, CredentialStore credentials, Set<String> insecureRegistries) {
    return new RegistryClient(transport, credentials, insecureRegistries);
  }

  // ------------------------------------------------------------------ endpoints

  /**
   * {@code GET /v2/}: whether the registry speaks the API. A 401 counts as an answer (it speaks the
   * API and wants auth); the dance happens per repository.
   *
   * @return the status of the answer (200 or 401)
   * @throws RegistryException UNREACHABLE / REGISTRY_ERROR otherwise
   */
  public int ping(String registry) throws RegistryException {
    Reply r = raw(Call.get(uri(registry, "/v2/"), "application/json"));
    if (r.status() == 200 || r.status() == 401) {
      return r.status();
    }
    throw failure("GET /v2/ on " + registry, r);
  }

  /**
   * Fetches a manifest by tag or digest, asking for every manifest type ({@link
   * MediaTypes#MANIFEST_ACCEPT}), and checks it against the digest.
   *
   * @throws RegistryException NOT_FOUND, DIGEST_MISMATCH, UNAUTHORIZED, ... (see {@link Reason})
   */
  public Manifest manifest(Reference ref) throws RegistryException {
    String path = "/v2/" + ref.repository() + "/manifests/" + ref.manifestReference();
    Reply r =
        send(
            ref,
            Call.get(uri(ref.apiHost(), ref.registry(), path), MediaTypes.MANIFEST_ACCEPT),
            "pull");
    if (!r.ok()) {
      throw failure("GET " + ref, r);
    }
    byte[] body = r.body();
    if (body.length > MAX_MANIFEST_BYTES) {
      throw new RegistryException(
          Reason.MALFORMED_RESPONSE,
          r.status(),
          ref + ": manifest of " + body.length + " bytes, expected at most " + MAX_MANIFEST_BYTES,
          null);
    }
    String actual = digestOf(body);
    // Spec: "If the digest is specified, the client SHOULD verify the returned manifest
    // matches this digest"; for a tag the registry's Docker-Content-Digest is what it claims.
    String expected =
        ref.digest() != null ? ref.digest() : r.header("Docker-Content-Digest").orElse(null);
    if (expected != null && expected.startsWith("sha256:") && !expected.equals(actual)) {
      throw new RegistryException(
          Reason.DIGEST_MISMATCH,
          r.status(),
          ref
              + ": manifest has digest "
              + actual
              + ", but the "
              + (ref.digest() != null ? "requested" : "registry's Docker-Content-Digest")
              + " digest was "
              + expected,
          null);
    }
    String type = r.header("Content-Type").map(t -> t.split(";")[0].strip()).orElse("");
    if (type.isEmpty() || type.equals("application/json")) {
      try {
        type = GoJson.parse(body).path("mediaType").asText(MediaTypes.OCI_MANIFEST);
      } catch (JsonFormatException e) {
        throw new RegistryException(
            Reason.MALFORMED_RESPONSE, r.status(), ref + ": manifest is not JSON", e);
      }
    }
    return new Manifest(body, type, actual);
  }

  /**
   * Fetches a blob and checks it against {@code digest}.
   *
   * @throws RegistryException NOT_FOUND, DIGEST_MISMATCH, ...
   */
  public byte[] blob(Reference repo, String digest) throws RegistryException {
    requireSha256(digest);
    String path = "/v2/" + repo.repository() + "/blobs/" + digest;
    Reply r = send(repo, Call.get(uri(repo.apiHost(), repo.registry(), path), "*/*"), "pull");
    if (!r.ok()) {
      throw failure("GET blob " + digest + " from " + repo.registry() + "/" + repo.repository(), r);
    }
    byte[] body = r.body();
    String actual = digestOf(body);
    if (!actual.equals(digest)) {
      throw new RegistryException(
          Reason.DIGEST_MISMATCH,
          r.status(),
          repo.registry()
              + "/"
              + repo.repository()
              + ": blob has digest "
              + actual
              + ", but the requested digest was "
              + digest,
          null);
    }
    return body;
  }

  /**
   * {@code HEAD} on a blob.
   *
   * @throws RegistryException on anything but 200 or 404
   */
  public boolean blobExists(Reference repo, String digest) throws RegistryException {
    requireSha256(digest);
    String path = "/v2/" + repo.repository() + "/blobs/" + digest;
    Reply r =
        send(
            repo,
            new Call("HEAD", uri(repo.apiHost(), repo.registry(), path), Map.of(), null, true),
            "pull");
    if (r.status() == 404) {
      return false;
    }
    if (!r.ok()) {
      throw failure("HEAD blob " + digest, r);
    }
    return true;
  }

  /**
   * Uploads a blob in chunks ({@code POST} to open the session, one {@code PATCH} per chunk with
   * its {@code Content-Range}, {@code PUT ?digest=} to close), unless it already exists.
   *
   * <p>SPEC: "Pushing a blob in chunks": "Each successful chunk upload MUST have a 202 Accepted
   * response code, and MUST have the following header: {@code Location}".
   *
   * @return the blob's digest
   * @throws RegistryException on a refused step
   */
  public String pushBlob(Reference repo, byte[] content, int chunkSize) throws RegistryException {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize: expected >= 1, got " + chunkSize);
    }
    String digest = digestOf(content);
    if (blobExists(repo, digest)) {
      return digest;
    }
    URI start =
        uri(repo.apiHost(), repo.registry(), "/v2/" + repo.repository() + "/blobs/uploads/");
    Reply open = send(repo, new Call("POST", start, Map.of(), new byte[0], false), "pull,push");
    if (open.status() != 202) {
      throw failure("POST blob upload to " + repo.repository(), open);
    }
    URI location = location(open, start);
    for (int off = 0; off < content.length; off += chunkSize) {
      int end = Math.min(content.length, off + chunkSize);
      Map<String, String> h = new LinkedHashMap<>();
      h.put("Content-Type", "application/octet-stream");
      h.put("Content-Range", off + "-" + (end - 1));
      Reply chunk =
          send(
              repo,
              new Call("PATCH", location, h, Arrays.copyOfRange(content, off, end), false),
              "pull,push");
      if (chunk.status() != 202) {
        throw failure("PATCH chunk " + off + "-" + (end - 1) + " of " + digest, chunk);
      }
      location = location(chunk, location);
    }
    URI close = withQuery(location, "digest=" + URLEncoder.encode(digest, StandardCharsets.UTF_8));
    Reply done =
        send(
            repo,
            new Call(
                "PUT",
                close,
                Map.of("Content-Type", "application/octet-stream"),
                new byte[0],
                true),
            "pull,push");
    if (done.status() != 201) {
      throw failure("PUT (close upload) " + digest, done);
    }
    return digest;
  }

  /**
   * Cross-repository mount: {@code POST /v2/<repo>/blobs/uploads/?mount=<digest>&from=<other>}.
   *
   * @return true if mounted (201); false if the registry opened an upload instead (202), after
   *     which the caller pushes the blob
   * @throws RegistryException on a refusal
   */
  public boolean mountBlob(Reference repo, String fromRepository, String digest)
      throws RegistryException {
    requireSha256(digest);
    URI u =
        uri(
            repo.apiHost(),
            repo.registry(),
            "/v2/"
                + repo.repository()
                + "/blobs/uploads/?mount="
                + URLEncoder.encode(digest, StandardCharsets.UTF_8)
                + "&from="
                + URLEncoder.encode(fromRepository, StandardCharsets.UTF_8));
    Reply r =
        send(
            repo,
            new Call("POST", u, Map.of(), new byte[0], false),
            "pull,push",
            "repository:" + fromRepository + ":pull");
    if (r.status() == 201) {
      return true;
    }
    if (r.status() == 202) {
      return false;
    }
    throw failure("mount " + digest + " from " + fromRepository, r);
  }

  /**
   * {@code PUT} a manifest under a tag or its digest; checks the registry's {@code
   * Docker-Content-Digest} against the bytes sent.
   *
   * @return the manifest's digest
   * @throws RegistryException on a refusal or a digest the registry reports differently
   */
  public String putManifest(Reference repo, String tagOrDigest, byte[] manifest, String mediaType)
      throws RegistryException {
    return pushManifest(repo, tagOrDigest, manifest, mediaType).digest();
  }

  /**
   * What a manifest {@code PUT} answered.
   *
   * @param digest the manifest's digest
   * @param ociSubject the {@code OCI-Subject} header, when the registry processed the manifest's
   *     {@code subject} (it has the referrers API); empty otherwise
   */
  public record PushedManifest(String digest, Optional<String> ociSubject) {
    /** Validates. */
    public PushedManifest {
      Objects.requireNonNull(digest, "digest");
      Objects.requireNonNull(ociSubject, "ociSubject");
    }
  }

  /**
   * As {@link #putManifest}, and reports whether the registry processed a {@code subject}.
   *
   * <p>SPEC: "If a manifest with a subject field is pushed and the registry supports the referrers
   * API, the registry MUST return the OCI-Subject header"; without it "the client MUST" maintain
   * the referrers tag itself.
   *
   * @throws RegistryException on a refusal or a digest the registry reports differently
   */
  public PushedManifest pushManifest(
      Reference repo, String tagOrDigest, byte[] manifest, String mediaType)
      throws RegistryException {
    String digest = digestOf(manifest);
    URI u =
        uri(
            repo.apiHost(),
            repo.registry(),
            "/v2/" + repo.repository() + "/manifests/" + tagOrDigest);
    Reply r =
        send(
            repo,
            new Call("PUT", u, Map.of("Content-Type", mediaType), manifest, true),
            "pull,push");
    if (r.status() != 201) {
      throw failure("PUT manifest " + tagOrDigest, r);
    }
    Optional<String> said = r.header("Docker-Content-Digest");
    if (said.isPresent() && !said.get().equals(digest)) {
      throw new RegistryException(
          Reason.DIGEST_MISMATCH,
          r.status(),
          "PUT manifest: sent " + digest + ", registry stored " + said.get(),
          null);
    }
    return new PushedManifest(digest, r.header("OCI-Subject"));
  }

  /**
   * All tags of a repository, following {@code Link: <...>; rel="next"} pages.
   *
   * <p>SPEC: "the Link header MUST be set according to RFC5988 with the Relation Type next".
   *
   * @throws RegistryException on a failed page
   */
  public List<String> tags(Reference repo, int pageSize) throws RegistryException {
    List<String> out = new ArrayList<>();
    URI next =
        uri(
            repo.apiHost(),
            repo.registry(),
            "/v2/" + repo.repository() + "/tags/list?n=" + pageSize);
    for (int pages = 0; next != null; pages++) {
      if (pages > 10_000) {
        throw new RegistryException(
            Reason.MALFORMED_RESPONSE, 0, "tag list: more than 10000 pages", null);
      }
      Reply r = send(repo, Call.get(next, "application/json"), "pull");
      if (!r.ok()) {
        throw failure("GET tags of " + repo.repository(), r);
      }
      try {
        for (JsonNode t : GoJson.parse(r.body()).path("tags")) {
          out.add(t.asText());
        }
      } catch (JsonFormatException e) {
        throw new RegistryException(
            Reason.MALFORMED_RESPONSE, r.status(), "tag list is not JSON", e);
      }
      next = nextLink(r, next);
    }
    return out;
  }

  /** Where a referrer list came from. */
  public enum ReferrersSource {
    /** {@code GET /v2/<name>/referrers/<digest>}. */
    REFERRERS_API,
    /** The fallback tag {@code sha256-<hex>} (distribution-spec "Referrers Tag Schema"). */
    TAG_SCHEMA
  }

  /**
   * The referrers of a manifest, filtered by {@code artifactType} when not null.
   *
   * @param descriptors the referrers
   * @param source which way they were found
   */
  public record Referrers(List<Descriptor> descriptors, ReferrersSource source) {
    /** Copies. */
    public Referrers {
      descriptors = List.copyOf(descriptors);
    }
  }

  /**
   * The referrers API, and when the registry does not have it (404), the tag schema fallback.
   *
   * <p>SPEC: "If the registry does not support the referrers API, the client MUST fall back to
   * pulling the referrers tag"; a registry that filtered says so in {@code OCI-Filters-Applied:
   * artifactType}, otherwise this client filters.
   *
   * @throws RegistryException on a failure other than "no such endpoint / no such tag"
   */
  public Referrers referrers(Reference repo, String digest, String artifactType)
      throws RegistryException {
    requireSha256(digest);
    String q =
        artifactType == null
            ? ""
            : "?artifactType=" + URLEncoder.encode(artifactType, StandardCharsets.UTF_8);
    URI u =
        uri(
            repo.apiHost(),
            repo.registry(),
            "/v2/" + repo.repository() + "/referrers/" + digest + q);
    Reply r = send(repo, Call.get(u, MediaTypes.OCI_INDEX), "pull");
    if (r.ok()) {
      JsonNode index;
      try {
        index = GoJson.parse(r.body());
      } catch (JsonFormatException e) {
        throw new RegistryException(
            Reason.MALFORMED_RESPONSE, r.status(), "referrers response is not JSON", e);
      }
      boolean filtered =
          r.header("OCI-Filters-Applied").map(v -> v.contains("artifactType")).orElse(false);
      return new Referrers(
          filter(index, filtered ? null : artifactType), ReferrersSource.REFERRERS_API);
    }
    if (r.status() != 404) {
      throw failure("GET referrers of " + digest, r);
    }
    Manifest tagIndex;
    try {
      tagIndex = manifest(repo.withTag(digest.replace(':', '-')));
    } catch (RegistryException e) {
      if (e.reason() == Reason.NOT_FOUND) {
        return new Referrers(List.of(), ReferrersSource.TAG_SCHEMA);
      }
      throw e;
    }
    if (!tagIndex.isIndex()) {
      // cosign's signature tags are sha256-<hex>.sig/.att, not the bare tag; anything else at the
      // bare
      // tag is not a referrers index.
      return new Referrers(List.of(), ReferrersSource.TAG_SCHEMA);
    }
    return new Referrers(filter(tagIndex.json(), artifactType), ReferrersSource.TAG_SCHEMA);
  }

  private static List<Descriptor> filter(JsonNode index, String artifactType)
      throws RegistryException {
    List<Descriptor> out = new ArrayList<>();
    for (JsonNode m : index.path("manifests")) {
      Descriptor d = Descriptor.from(m);
      if (artifactType == null || artifactType.equals(d.artifactType())) {
        out.add(d);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ auth

  /**
   * Sends {@code call} with cached auth; on a 401 answers the challenge once and resends.
   *
   * @param actions the actions on the reference's repository ({@code pull}, {@code pull,push})
   * @param extraScopes further token scopes (cross-repo mount)
   */
  private Reply send(Reference ref, Call call, String actions, String... extraScopes)
      throws RegistryException {
    List<String> scopes = new ArrayList<>();
    scopes.add("repository:" + ref.repository() + ":" + actions);
    scopes.addAll(List.of(extraScopes));
    String key = ref.registry() + " " + String.join(" ", scopes);
    String cached = authCache.get(key);
    Reply r = raw(cached == null ? call : call.withHeader("Authorization", cached));
    if (r.status() != 401) {
      return r;
    }
    String challenge = r.header("WWW-Authenticate").orElse("");
    String auth = answer(ref.registry(), challenge, scopes, r);
    authCache.put(key, auth);
    Reply again = raw(call.withHeader("Authorization", auth));
    if (again.status() == 401) {
      throw failure(call.method() + " " + call.uri() + " (with credentials)", again);
    }
    return again;
  }

  /** The Authorization header value answering a challenge. */
  private String answer(String registry, String challenge, List<String> scopes, Reply refused)
      throws RegistryException {
    Optional<Credentials> creds = credentials.lookup(registry);
    Challenge c = Challenge.parse(challenge);
    if (c.scheme().equalsIgnoreCase("basic")) {
      if (creds.isEmpty()) {
        throw failure(
            "anonymous request (registry asks for Basic auth; no credentials for " + registry + ")",
            refused);
      }
      return basic(creds.get());
    }
    if (!c.scheme().equalsIgnoreCase("bearer")) {
      throw new RegistryException(
          Reason.UNAUTHORIZED,
          401,
          registry
              + ": unsupported auth challenge: "
              + (challenge.isEmpty() ? "(no WWW-Authenticate)" : challenge),
          null);
    }
    String realm = c.params().get("realm");
    if (realm == null) {
      throw new RegistryException(
          Reason.MALFORMED_RESPONSE,
          401,
          registry + ": Bearer challenge without realm: " + challenge,
          null);
    }
    StringBuilder q = new StringBuilder();
    String service = c.params().get("service");
    if (service != null) {
      q.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
    }
    for (String s : scopes) {
      q.append(q.length() == 0 ? "" : "&")
          .append("scope=")
          .append(URLEncoder.encode(s, StandardCharsets.UTF_8));
    }
    URI tokenUri;
    try {
      tokenUri = HttpTransport.uri(SERVICE, realm);
    } catch (TransportException e) {
      throw new RegistryException(
          Reason.MALFORMED_RESPONSE, 401, registry + ": token realm: " + e.getMessage(), e);
    }
    // The realm is another origin: the same transport-security rule applies to it.
    tokenUri = checkScheme(tokenUri);
    tokenUri = withQuery(tokenUri, q.toString());
    Call get = Call.get(tokenUri, "application/json");
    if (creds.isPresent() && !creds.get().identityToken()) {
      get = get.withHeader("Authorization", basic(creds.get()));
    } else if (creds.isPresent()) {
      // Identity tokens go in an OAuth2 refresh_token grant (docker's token spec, "oauth").
      String form =
          "grant_type=refresh_token&client_id=provenant&refresh_token="
              + URLEncoder.encode(creds.get().secret(), StandardCharsets.UTF_8)
              + "&"
              + q;
      get =
          new Call(
              "POST",
              checkScheme(tokenUriNoQuery(realm)),
              Map.of("Content-Type", "application/x-www-form-urlencoded"),
              form.getBytes(StandardCharsets.UTF_8),
              true);
    }
    Reply t = raw(get);
    if (!t.ok()) {
      throw failure("token request to " + realm + " for " + String.join(" ", scopes), t);
    }
    try {
      JsonNode j = GoJson.parse(t.body());
      String token = j.path("token").asText(j.path("access_token").asText(""));
      if (token.isEmpty()) {
        throw new RegistryException(
            Reason.MALFORMED_RESPONSE, t.status(), realm + ": token response without token", null);
      }
      return "Bearer " + token;
    } catch (JsonFormatException e) {
      throw new RegistryException(
          Reason.MALFORMED_RESPONSE, t.status(), realm + ": token response is not JSON", e);
    }
  }

  private URI tokenUriNoQuery(String realm) throws RegistryException {
    try {
      return HttpTransport.uri(SERVICE, realm);
    } catch (TransportException e) {
      throw new RegistryException(
          Reason.MALFORMED_RESPONSE, 401, "token realm: " + e.getMessage(), e);
    }
  }

  private static String basic(Credentials c) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((c.username() + ":" + c.secret()).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A parsed {@code WWW-Authenticate} challenge (RFC 9110 §11.6.1): scheme and auth-params.
   *
   * @param scheme {@code Basic} or {@code Bearer}
   * @param params the auth-params, quotes removed
   */
  record Challenge(String scheme, Map<String, String> params) {
    private static final Pattern PARAM =
        Pattern.compile("\\s*([A-Za-z0-9_-]+)\\s*=\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,\\s]*)\\s*,?");

    static Challenge parse(String header) {
      String h = header.strip();
      int sp = h.indexOf(' ');
      String scheme = sp < 0 ? h : h.substring(0, sp);
      Map<String, String> params = new LinkedHashMap<>();
      if (sp >= 0) {
        Matcher m = PARAM.matcher(h.substring(sp + 1));
        while (m.find()) {
          String v = m.group(3) != null ? m.group(3).replaceAll("\\\\(.)", "$1") : m.group(2);
          params.put(m.group(1).toLowerCase(java.util.Locale.ROOT), v);
        }
      }
      return new Challenge(scheme, params);
    }
  }

  // ------------------------------------------------------------------ plumbing

  private Reply raw(Call call) throws RegistryException {
    try {
      return transport.exchange(SERVICE, call);
    } catch (TransportException e) {
      Reason reason =
          switch (e.reason()) {
            case UNREACHABLE, TIMEOUT, INTERRUPTED -> Reason.UNREACHABLE;
            case RESPONSE_TOO_LARGE, REDIRECT_REFUSED, TOO_MANY_REDIRECTS, BAD_URL ->
                Reason.MALFORMED_RESPONSE;
            case HTTP_STATUS -> Reason.REGISTRY_ERROR;
          };
      throw new RegistryException(reason, e.status(), e.getMessage(), e);
    }
  }

  /** A non-success reply as a typed failure carrying the registry's answer. */
  static RegistryException failure(String what, Reply r) {
    Reason reason =
        switch (r.status()) {
          case 401 -> Reason.UNAUTHORIZED;
          case 403 -> Reason.DENIED;
          case 404 -> Reason.NOT_FOUND;
          default -> Reason.REGISTRY_ERROR;
        };
    String text = r.text().strip();
    if (text.length() > 500) {
      text = text.substring(0, 500) + "...";
    }
    return new RegistryException(
        reason,
        r.status(),
        what + ": expected success, got HTTP " + r.status() + (text.isEmpty() ? "" : ": " + text),
        null);
  }

  /** {@code sha256:<hex>} of {@code bytes}. */
  public static String digestOf(byte[] bytes) {
    return "sha256:" + Hex.encode(Sha256.hash(bytes));
  }

  private static void requireSha256(String digest) {
    if (!Reference.DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException("digest: expected sha256:<64 hex>, got " + digest);
    }
  }

  /** Whether plain http is allowed to {@code host[:port]}: loopback or declared insecure. */
  boolean plainHttpAllowed(String registry) {
    if (insecure.contains(registry)) {
      return true;
    }
    String host = hostOf(registry);
    if (host.equals("localhost")) {
      return true;
    }
    if (host.matches("[0-9.]+") || host.contains(":")) {
      try {
        return InetAddress.getByName(host).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return false;
  }

  private static String hostOf(String registry) {
    if (registry.startsWith("[")) {
      return registry.substring(1, registry.indexOf(']'));
    }
    int colon = registry.lastIndexOf(':');
    return colon < 0 ? registry : registry.substring(0, colon);
  }

  private URI uri(String registry, String path) throws RegistryException {
    return uri(registry, registry, path);
  }

  private URI uri(String apiHost, String registry, String path) throws RegistryException {
    String scheme = plainHttpAllowed(registry) ? "http" : "https";
    return URI.create(scheme + "://" + apiHost + path);
  }

  private URI checkScheme(URI u) throws RegistryException {
    if (u.getScheme().equalsIgnoreCase("http")) {
      String hp = u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
      if (!plainHttpAllowed(hp) && !plainHttpAllowed(u.getHost())) {
        throw new RegistryException(
            Reason.INSECURE_REFUSED,
            0,
            "plain http to "
                + hp
                + " refused: only loopback or --insecure-registry hosts may use http",
            null);
      }
    }
    return u;
  }

  private URI location(Reply r, URI base) throws RegistryException {
    String loc =
        r.header("Location")
            .orElseThrow(
                () ->
                    new RegistryException(
                        Reason.MALFORMED_RESPONSE,
                        r.status(),
                        "upload step without Location header",
                        null));
    return checkScheme(base.resolve(loc));
  }

  private static URI withQuery(URI u, String query) {
    if (query.isEmpty()) {
      return u;
    }
    String s = u.toString();
    return URI.create(s + (u.getRawQuery() == null ? "?" : "&") + query);
  }

  private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?next\"?");

  private URI nextLink(Reply r, URI current) throws RegistryException {
    Optional<String> link = r.header("Link");
    if (link.isEmpty()) {
      return null;
    }
    Matcher m = LINK.matcher(link.get());
    if (!m.find()) {
      return null;
    }
    URI next = current.resolve(m.group(1));
    if (!next.getHost().equalsIgnoreCase(current.getHost())
        || next.getPort() != current.getPort()) {
      throw new RegistryException(
          Reason.MALFORMED_RESPONSE,
          r.status(),
          "tag list Link to another origin refused: " + next,
          null);
    }
    return next;
  }
}
