package dev.provenant.ca.tsa;

import dev.provenant.ca.IssuanceException;
import dev.provenant.ca.Refusal;
import dev.provenant.ca.cert.Signer;
import dev.provenant.ca.cert.SignerContentSigner;
import dev.provenant.core.encoding.Base64s;
import dev.provenant.core.fulcio.FulcioOid;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * An RFC 3161 time-stamping authority on BouncyCastle's TSP support. Accepts the DER {@code
 * TimeStampReq} (sigstore-java, openssl ts) and the JSON form sigstore-js sends to a Sigstore
 * timestamp-authority ({@code {"artifactHash": base64, "hashAlgorithm": "sha256", "nonce": n,
 * "certificates": true}}); both get a DER {@code TimeStampResp}.
 */
public final class TimestampAuthority {
  /** Sigstore's timestamp-authority default policy OID, which clients do not check. */
  public static final ASN1ObjectIdentifier POLICY =
      new ASN1ObjectIdentifier(FulcioOid.SIGSTORE_ARC + ".2");

  private static final SecureRandom RANDOM = new SecureRandom();
  private final Signer signer;
  private final List<X509Certificate> chain;
  private final Clock clock;

  /**
   * @param signer the TSA key
   * @param chain the TSA certificate chain, leaf first
   * @param clock the time source
   */
  public TimestampAuthority(Signer signer, List<X509Certificate> chain, Clock clock) {
    this.signer = Objects.requireNonNull(signer);
    this.chain = List.copyOf(chain);
    this.clock = Objects.requireNonNull(clock);
  }

  /** The TSA certificate chain, leaf first. */
  public List<X509Certificate> chain() {
    return chain;
  }

  /**
   * A result: the DER response and its serial (for the audit log).
   *
   * @param response DER {@code TimeStampResp}
   * @param serial the token's serial number, or null if the request was rejected in-protocol
   */
  public record Result(byte[] response, BigInteger serial) {
    /** Copies the response. */
    public Result {
      response = response.clone();
    }

    @Override
    public byte[] response() {
      return response.clone();
    }
  }

  /**
   * Answers a DER {@code TimeStampReq}.
   *
   * @throws IssuanceException {@link Refusal#TIMESTAMP_REQUEST_INVALID} if it does not parse
   */
  public Result timestampDer(byte[] der) throws IssuanceException {
    TimeStampRequest req;
    try {
      req = new TimeStampRequest(der);
    } catch (IOException | RuntimeException e) {
      throw new IssuanceException(
          Refusal.TIMESTAMP_REQUEST_INVALID, "not a DER TimeStampReq: " + e.getMessage(), e);
    }
    return respond(req);
  }

  /**
   * Answers the JSON form: a base64 digest and its algorithm name.
   *
   * @param nonce the request nonce, or null
   * @param certificates whether the response should carry the TSA certificate
   * @throws IssuanceException {@link Refusal#TIMESTAMP_REQUEST_INVALID} if the hash is unsupported
   *     or its length does not match the algorithm
   */
  public Result timestampJson(
      String artifactHashB64, String hashAlgorithm, BigInteger nonce, boolean certificates)
      throws IssuanceException {
    ASN1ObjectIdentifier oid = hashOid(hashAlgorithm);
    byte[] digest;
    try {
      digest = Base64s.decodeAny(artifactHashB64 == null ? "" : artifactHashB64);
    } catch (IllegalArgumentException e) {
      throw new IssuanceException(
          Refusal.TIMESTAMP_REQUEST_INVALID, "artifactHash is not base64", e);
    }
    int want =
        oid.equals(NISTObjectIdentifiers.id_sha256)
            ? 32
            : oid.equals(NISTObjectIdentifiers.id_sha384) ? 48 : 64;
    if (digest.length != want) {
      throw new IssuanceException(
          Refusal.TIMESTAMP_REQUEST_INVALID,
          "artifactHash length: expected " + want + " bytes, got " + digest.length);
    }
    TimeStampRequestGenerator g = new TimeStampRequestGenerator();
    g.setCertReq(certificates);
    return respond(nonce == null ? g.generate(oid, digest) : g.generate(oid, digest, nonce));
  }

  private static ASN1ObjectIdentifier hashOid(String name) throws IssuanceException {
    String n = name == null ? "" : name.toLowerCase(Locale.ROOT).replace("-", "");
    return switch (n) {
      case "sha256" -> NISTObjectIdentifiers.id_sha256;
      case "sha384" -> NISTObjectIdentifiers.id_sha384;
      case "sha512" -> NISTObjectIdentifiers.id_sha512;
      default ->
          throw new IssuanceException(
              Refusal.TIMESTAMP_REQUEST_INVALID,
              "hashAlgorithm: expected sha256, sha384 or sha512, got " + name);
    };
  }

  private Result respond(TimeStampRequest req) throws IssuanceException {
    try {
      DigestCalculator sha256 =
          new JcaDigestCalculatorProviderBuilder()
              .build()
              .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256));
      TimeStampTokenGenerator tg =
          new TimeStampTokenGenerator(
              new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                  .build(new SignerContentSigner(signer), chain.get(0)),
              sha256,
              POLICY);
      // Only the TSA's own certificate (RFC 3161 §2.4.1: the certificate "referenced by the
      // ESSCertID identifier"): CMS stores certificates as a DER-sorted SET, so with the whole
      // chain the root could come first, and sigstore-java takes the first as the signer.
      tg.addCertificates(new JcaCertStore(List.of(chain.get(0))));
      TimeStampResponseGenerator rg =
          new TimeStampResponseGenerator(
              tg,
              java.util.Set.of(TSPAlgorithms.SHA256, TSPAlgorithms.SHA384, TSPAlgorithms.SHA512));
      byte[] serialBytes = new byte[16];
      RANDOM.nextBytes(serialBytes);
      BigInteger serial = new BigInteger(1, serialBytes);
      TimeStampResponse resp = rg.generate(req, serial, Date.from(clock.instant()));
      return new Result(resp.getEncoded(), resp.getTimeStampToken() == null ? null : serial);
    } catch (TSPException
        | OperatorCreationException
        | CertificateEncodingException
        | IOException
        | SignerContentSigner.SigningFailedException e) {
      throw new IssuanceException(
          Refusal.SIGNING_FAILED, "timestamp could not be made: " + e.getMessage(), e);
    }
  }
}
