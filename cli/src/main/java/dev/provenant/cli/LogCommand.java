package dev.provenant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.bundle.HashAlgorithm;
import dev.provenant.core.digest.Sha256;
import dev.provenant.core.encoding.Hex;
import dev.provenant.core.merkle.ConsistencyProofs;
import dev.provenant.core.merkle.MerkleProofException;
import dev.provenant.core.note.Checkpoint;
import dev.provenant.core.note.NoteException;
import dev.provenant.core.note.NoteVerifier;
import dev.provenant.core.note.NoteVerifiers;
import dev.provenant.core.pem.Pem;
import dev.provenant.core.trustroot.TimeRange;
import dev.provenant.core.trustroot.TransparencyLog;
import dev.provenant.core.trustroot.TrustedRoot;
import dev.provenant.core.x509.Certificates;
import dev.provenant.log.LogKey;
import dev.provenant.log.LogService;
import dev.provenant.sign.http.HttpTransport;
import dev.provenant.sign.http.TransportException;
import dev.provenant.sign.rekor.RekorSearch;
import dev.provenant.sign.rekor.RekorSearchException;
import dev.provenant.verify.VerificationException;
import dev.provenant.verify.sigstore.LogEntryVerifier;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code provenant log ...}: run, query and monitor the transparency log. */
@Command(
    name = "log",
    description = "Transparency log: serve it, fetch entries with proofs, monitor consistency.",
    mixinStandardHelpOptions = true,
    subcommands = {
      LogCommand.Serve.class,
      LogCommand.Get.class,
      LogCommand.VerifyConsistency.class,
      LogCommand.TrustFragment.class
    })
final class LogCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LogCommand() {}

  static int fail(ExitCode code, String check, String reason, String detail) {
    System.err.println("FAILED: " + check + ": " + reason + ": " + detail);
    return code.code();
  }

  /** Thrown by helpers to end a command with a verdict. */
  static final class Verdict extends Exception {
    private static final long serialVersionUID = 1L;
    final ExitCode code;
    final String check;
    final String reason;

    Verdict(ExitCode code, String check, String reason, String detail) {
      super(detail);
      this.code = code;
      this.check = check;
      this.reason = reason;
    }

    int print() {
      return fail(code, check, reason, getMessage());
    }
  }

  static JsonNode fetchJson(URI url) throws Verdict {
    HttpTransport.Reply r;
    try {
      r = HttpTransport.defaults().exchange("log", HttpTransport.Call.get(url, "application/json"));
    } catch (TransportException e) {
      throw new Verdict(ExitCode.UNREACHABLE, "log.fetch", "LOG_UNREACHABLE", e.getMessage());
    }
    if (r.status() == 404) {
      throw new Verdict(
          ExitCode.NOT_FOUND, "log.fetch", "TLOG_ENTRY_NOT_FOUND", url + " answered 404");
    }
    if (r.status() != 200) {
      throw new Verdict(
          ExitCode.UNREACHABLE,
          "log.fetch",
          "LOG_UNREACHABLE",
          url + " answered HTTP " + r.status() + ": " + r.text());
    }
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new Verdict(
          ExitCode.UNREACHABLE,
          "log.fetch",
          "LOG_UNREACHABLE",
          url + ": answer is not JSON: " + e.getMessage());
    }
  }

  /**
   * Reads the log's trust material: a full trusted_root.json, one of its {@code tlogs} entries
   * (what {@code log trust-fragment} prints), or a PEM public key (then the log is named by {@code
   * url}, whose host names its checkpoint key), through core's trust-root and PEM readers.
   */
  static TrustedRoot readLogRoot(Path file, URI url) throws Verdict {
    try {
      String s = Files.readString(file);
      if (Pem.isPem(s)) {
        PublicKey key = Certificates.publicKeyFromPem(s);
        byte[] spki = key.getEncoded();
        TransparencyLog log =
            new TransparencyLog(
                url == null ? "" : url.toString(),
                HashAlgorithm.SHA2_256,
                spki,
                "PKIX_ECDSA_P256_SHA_256",
                key,
                new TimeRange(Instant.EPOCH, null),
                Sha256.hash(spki));
        return new TrustedRoot(
            TrustedRoot.MEDIA_TYPES.get(0), List.of(log), List.of(), List.of(), List.of());
      }
      JsonNode n = JSON.readTree(s);
      if (!n.has("tlogs")) {
        ObjectNode root = JSON.createObjectNode();
        root.put("mediaType", TrustedRoot.MEDIA_TYPES.get(0));
        root.putArray("tlogs").add(n);
        root.putArray("certificateAuthorities");
        root.putArray("ctlogs");
        root.putArray("timestampAuthorities");
        n = root;
      }
      TrustedRoot root = TrustedRoot.parse(JSON.writeValueAsBytes(n));
      if (root.tlogs().isEmpty() || root.tlogs().get(0).publicKey().isEmpty()) {
        throw new Verdict(
            ExitCode.TRUST_ROOT,
            "log.key",
            "TRUST_ROOT_MALFORMED",
            file + " names no usable log key");
      }
      return root;
    } catch (IOException
        | RuntimeException
        | java.security.GeneralSecurityException
        | dev.provenant.core.trustroot.TrustRootFormatException e) {
      throw new Verdict(
          ExitCode.TRUST_ROOT,
          "log.key",
          "TRUST_ROOT_MALFORMED",
          "cannot read a log public key from " + file + ": " + e.getMessage());
    }
  }

  /** The log's public key, from {@link #readLogRoot} (its first log). */
  static PublicKey readKey(Path file) throws Verdict {
    return readLogRoot(file, null).tlogs().get(0).publicKey().orElseThrow();
  }

  static Checkpoint openCheckpoint(String note, PublicKey key) throws Verdict {
    try {
      NoteVerifier v = NoteVerifiers.ecdsa(null, key);
      return Checkpoint.openSigned(note, List.of(v), null);
    } catch (NoteException e) {
      throw new Verdict(
          ExitCode.INVALID,
          "log.checkpoint",
          "TLOG_CHECKPOINT_INVALID",
          e.reason() + ": " + e.getMessage());
    }
  }

  static List<byte[]> hexList(JsonNode arr) {
    List<byte[]> out = new ArrayList<>();
    if (arr != null) {
      arr.forEach(h -> out.add(Hex.decode(h.asText())));
    }
    return out;
  }

  // ------------------------------------------------------------------ serve

  /** {@code provenant log serve}. */
  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = {
        "Serve the transparency log: Rekor v1 REST subset, C2SP tlog-tiles, GET /healthz.",
        "The log key is generated on first start and kept in DIR (log-key.pem); embedded files"
            + " under DIR/log unless --postgres is given."
      })
  static final class Serve implements Callable<Integer> {
    @Option(names = "--listen", defaultValue = "127.0.0.1:3000", paramLabel = "HOST:PORT")
    String listen;

    @Option(names = "--data", required = true, paramLabel = "DIR")
    Path data;

    @Option(
        names = "--postgres",
        paramLabel = "JDBC-URL",
        description = "Use PostgreSQL (several replicas may share it; one sequences).")
    String postgres;

    @Option(names = "--pg-user", paramLabel = "USER")
    String pgUser;

    @Option(names = "--pg-password-file", paramLabel = "FILE")
    Path pgPasswordFile;

    @Option(
        names = "--origin",
        paramLabel = "ORIGIN",
        description =
            "Checkpoint origin (default: stored, else '<host> - <tree ID>' from --public-url).")
    String origin;

    @Option(
        names = "--public-url",
        paramLabel = "URL",
        description = "URL clients use (default http://LISTEN).")
    String publicUrl;

    @Override
    public Integer call() throws Exception {
      int colon = listen.lastIndexOf(':');
      int port;
      try {
        port = Integer.parseInt(listen.substring(colon + 1));
        if (colon <= 0 || port < 0 || port > 65535) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException | IndexOutOfBoundsException e) {
        return fail(ExitCode.USAGE, "usage", "USAGE", "--listen must be HOST:PORT, got " + listen);
      }
      String password = null;
      if (pgPasswordFile != null) {
        password = Files.readString(pgPasswordFile).strip();
      } else if (System.getenv("PROVENANT_PG_PASSWORD") != null) {
        password = System.getenv("PROVENANT_PG_PASSWORD");
      }
      LogService s;
      try {
        s =
            LogService.start(
                new LogService.Config(
                    listen.substring(0, colon),
                    port,
                    data,
                    postgres,
                    pgUser,
                    password,
                    origin,
                    publicUrl));
      } catch (Exception e) {
        return fail(ExitCode.USAGE, "log.serve", "START_FAILED", e.getMessage());
      }
      System.out.println(
          "listening on "
              + s.baseUrl()
              + " (origin "
              + s.engine().origin()
              + ", size "
              + s.engine().latest().size()
              + ")");
      System.out.flush();
      s.closeOnShutdownAndJoin();
      return 0;
    }
  }

  // ------------------------------------------------------------------ get

  /** {@code provenant log get}. */
  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description =
          "Fetch an entry (by index or UUID) with its inclusion proof; with --public-key,"
              + " verify the SET, the inclusion proof and the signed checkpoint offline.")
  static final class Get implements Callable<Integer> {
    @Option(names = "--url", required = true, paramLabel = "URL")
    URI url;

    static final class Which {
      @Option(names = "--index", paramLabel = "N")
      Long index;

      @Option(names = "--uuid", paramLabel = "UUID")
      String uuid;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Option(
        names = "--public-key",
        paramLabel = "FILE",
        description = "Log key: PEM, trusted_root.json or its tlogs fragment.")
    Path publicKey;

    @Override
    public Integer call() {
      try {
        if (which.index != null && which.index < 0) {
          return fail(ExitCode.USAGE, "usage", "USAGE", "--index must be non-negative");
        }
        if (which.uuid != null && !which.uuid.matches("[0-9a-fA-F]{64}|[0-9a-fA-F]{80}")) {
          return fail(ExitCode.USAGE, "usage", "USAGE", "--uuid must be 64 or 80 hex characters");
        }
        URI u =
            which.index != null
                ? url.resolve("/api/v1/log/entries?logIndex=" + which.index)
                : url.resolve("/api/v1/log/entries/" + which.uuid);
        JsonNode resp = fetchJson(u);
        String uuid = resp.fieldNames().next();
        JsonNode e = resp.get(uuid);
        if (publicKey != null) {
          verifyEntry(uuid, e, readLogRoot(publicKey, url));
          System.err.println(
              "PASSED: log entry "
                  + e.get("logIndex").asLong()
                  + ": SET, inclusion proof and checkpoint verify");
        }
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(resp));
        return 0;
      } catch (Verdict v) {
        return v.print();
      } catch (IOException | RuntimeException e) {
        return fail(ExitCode.USAGE, "log.get", "INPUT_MALFORMED", String.valueOf(e.getMessage()));
      }
    }

    /**
     * Checks the entry offline with verify's log-entry verification (SET, inclusion proof,
     * checkpoint).
     */
    static void verifyEntry(String uuid, JsonNode e, TrustedRoot root) throws Verdict {
      try {
        LogEntryVerifier.verify(root, uuid, RekorSearch.entry(e), new ArrayList<>());
      } catch (VerificationException ex) {
        String detail =
            ex.getMessage()
                + (ex.expected() != null || ex.actual() != null
                    ? ": expected " + ex.expected() + ", got " + ex.actual()
                    : "");
        throw new Verdict(ExitCode.INVALID, ex.check(), ex.reason().name(), detail);
      } catch (RekorSearchException ex) {
        throw new Verdict(ExitCode.INVALID, "log.entry", "TLOG_ENTRY_INVALID", ex.getMessage());
      }
    }
  }

  // ------------------------------------------------------------------ verify-consistency

  /** {@code provenant log verify-consistency}: a monitor. */
  @Command(
      name = "verify-consistency",
      mixinStandardHelpOptions = true,
      description = {
        "Monitor: fetch the signed tree head, check it against the last one seen (kept in"
            + " --state) with a consistency proof, and alarm on a split view or rewritten history.",
        "Exit 0 consistent, 3 inconsistent or badly signed, 6 unreachable."
      })
  static final class VerifyConsistency implements Callable<Integer> {
    @Option(names = "--url", required = true, paramLabel = "URL")
    URI url;

    @Option(
        names = "--public-key",
        required = true,
        paramLabel = "FILE",
        description = "Log key: PEM, trusted_root.json or its tlogs fragment.")
    Path publicKey;

    @Option(
        names = "--state",
        required = true,
        paramLabel = "FILE",
        description = "Where the last verified checkpoint is kept between runs.")
    Path state;

    @Option(
        names = "--interval",
        paramLabel = "SECONDS",
        description = "Keep polling (default: check once).")
    Integer interval;

    @Option(
        names = "--count",
        paramLabel = "N",
        description = "With --interval: stop after N checks.")
    Integer count;

    @Override
    public Integer call() throws InterruptedException {
      PublicKey key;
      try {
        key = readKey(publicKey);
      } catch (Verdict v) {
        return v.print();
      }
      int done = 0;
      while (true) {
        try {
          checkOnce(key);
        } catch (Verdict v) {
          return v.print();
        }
        done++;
        if (interval == null || (count != null && done >= count)) {
          return 0;
        }
        Thread.sleep(interval * 1000L);
      }
    }

    void checkOnce(PublicKey key) throws Verdict {
      JsonNode info = fetchJson(url.resolve("/api/v1/log"));
      Checkpoint now = openCheckpoint(info.get("signedTreeHead").asText(), key);
      Checkpoint before = null;
      if (Files.exists(state)) {
        try {
          before = openCheckpoint(Files.readString(state), key);
        } catch (IOException e) {
          throw new Verdict(ExitCode.USAGE, "log.state", "INPUT_UNREADABLE", e.getMessage());
        }
        if (!before.origin().equals(now.origin())) {
          throw new Verdict(
              ExitCode.INVALID,
              "log.origin",
              "TLOG_CHECKPOINT_INVALID",
              "expected origin " + before.origin() + ", got " + now.origin());
        }
        if (now.size() < before.size()) {
          throw new Verdict(
              ExitCode.INVALID,
              "log.consistency",
              "TLOG_INCONSISTENT",
              "log shrank: expected size >= " + before.size() + ", got " + now.size());
        }
        JsonNode proof =
            now.size() == before.size()
                ? null
                : fetchJson(
                    url.resolve(
                        "/api/v1/log/proof?firstSize="
                            + before.size()
                            + "&lastSize="
                            + now.size()));
        try {
          ConsistencyProofs.verify(
              before.size(),
              now.size(),
              before.rootHash(),
              now.rootHash(),
              proof == null ? List.of() : hexList(proof.get("hashes")));
        } catch (MerkleProofException e) {
          throw new Verdict(
              ExitCode.INVALID,
              "log.consistency",
              "TLOG_INCONSISTENT",
              "split view or rewritten history between size "
                  + before.size()
                  + " and "
                  + now.size()
                  + ": "
                  + e.getMessage());
        }
      }
      try {
        Path tmp = state.resolveSibling(state.getFileName() + ".tmp");
        Files.writeString(tmp, info.get("signedTreeHead").asText());
        Files.move(tmp, state, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new Verdict(ExitCode.USAGE, "log.state", "INPUT_UNREADABLE", e.getMessage());
      }
      System.err.println(
          "PASSED: log.consistency: "
              + now.origin()
              + " size "
              + (before == null ? "(first seen)" : before.size())
              + " -> "
              + now.size()
              + " root "
              + Hex.encode(now.rootHash())
              + " at "
              + Instant.now());
    }
  }

  // ------------------------------------------------------------------ trust-fragment

  /** {@code provenant log trust-fragment}. */
  @Command(
      name = "trust-fragment",
      mixinStandardHelpOptions = true,
      description =
          "Print this log's trusted_root.json tlogs entry (baseUrl, hashAlgorithm, publicKey,"
              + " logId); with --trusted-root, print that file with the entry added.")
  static final class TrustFragment implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR")
    Path data;

    @Option(
        names = "--url",
        required = true,
        paramLabel = "URL",
        description = "The log's public base URL.")
    String url;

    @Option(names = "--trusted-root", paramLabel = "FILE")
    Path trustedRoot;

    @Override
    public Integer call() throws IOException {
      if (!Files.exists(data.resolve("log-key.pem"))) {
        return fail(
            ExitCode.TRUST_ROOT,
            "log.key",
            "TRUST_ROOT_MISSING",
            "no log key in " + data + " (start the log once with --data " + data + ")");
      }
      LogKey key = LogKey.loadOrCreate(data);
      java.util.Properties p = new java.util.Properties();
      Path props = data.resolve("log.properties");
      if (Files.exists(props)) {
        try (var r = Files.newBufferedReader(props, StandardCharsets.UTF_8)) {
          p.load(r);
        }
      }
      Instant from = Instant.parse(p.getProperty("keyCreated", "2026-01-01T00:00:00Z"));
      ObjectNode frag = LogService.trustFragment(url, key, from);
      if (trustedRoot != null) {
        ObjectNode root = (ObjectNode) JSON.readTree(trustedRoot.toFile());
        root.withArray("tlogs").add(frag);
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
      } else {
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(frag));
      }
      return 0;
    }
  }
}
