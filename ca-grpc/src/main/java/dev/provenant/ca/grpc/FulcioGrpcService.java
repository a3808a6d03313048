package dev.provenant.ca.grpc;

import dev.provenant.ca.AuditLog;
import dev.provenant.ca.CertificateAuthority;
import dev.provenant.ca.IssuanceException;
import dev.provenant.ca.IssuedCertificate;
import dev.provenant.ca.Refusal;
import dev.provenant.ca.SigningRequest;
import dev.provenant.ca.oidc.IssuerType;
import dev.provenant.ca.oidc.TrustedIssuer;
import dev.provenant.core.x509.Certificates;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * Fulcio's gRPC service {@code dev.sigstore.fulcio.v2.CA} (fulcio.proto) over the same issuance
 * pipeline as the REST API: CreateSigningCertificate, GetTrustBundle, GetConfiguration. Messages
 * are encoded by hand ({@link Proto}); field numbers follow fulcio.proto.
 */
public final class FulcioGrpcService {
  /** The gRPC service name. */
  public static final String SERVICE = "dev.sigstore.fulcio.v2.CA";

  private final CertificateAuthority ca;
  private final AuditLog audit;

  /** Serves {@code ca}, auditing refusals that happen before issuance to {@code audit}. */
  public FulcioGrpcService(CertificateAuthority ca, AuditLog audit) {
    this.ca = Objects.requireNonNull(ca);
    this.audit = Objects.requireNonNull(audit);
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw Status.INTERNAL
                .withDescription("cannot read request")
                .withCause(e)
                .asRuntimeException();
          }
        }
      };

  private static MethodDescriptor<byte[], byte[]> unary(String method) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, method))
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
  }

  /** The service definition to add to a gRPC server. */
  public ServerServiceDefinition definition() {
    return ServerServiceDefinition.builder(SERVICE)
        .addMethod(
            unary("CreateSigningCertificate"),
            ServerCalls.asyncUnaryCall(this::createSigningCertificate))
        .addMethod(unary("GetTrustBundle"), ServerCalls.asyncUnaryCall(this::getTrustBundle))
        .addMethod(unary("GetConfiguration"), ServerCalls.asyncUnaryCall(this::getConfiguration))
        .build();
  }

  void createSigningCertificate(byte[] request, StreamObserver<byte[]> out) {
    SigningRequest req;
    try {
      req = parse(request);
    } catch (IssuanceException e) {
      audit.refused("grpc", "CreateSigningCertificate", e.refusal(), e.getMessage());
      out.onError(
          Status.fromCodeValue(e.refusal().grpcCode())
              .withDescription(e.refusal().name() + ": " + e.getMessage())
              .asRuntimeException());
      return;
    }
    try {
      IssuedCertificate c = ca.issue(req, "grpc");
      Proto.Writer chain = new Proto.Writer();
      for (String pem : c.pemChain()) {
        chain.string(1, pem);
      }
      // SigningCertificate.signed_certificate_embedded_sct (2) { chain (1) }
      out.onNext(new Proto.Writer().message(2, new Proto.Writer().message(1, chain)).toByteArray());
      out.onCompleted();
    } catch (IssuanceException e) {
      out.onError(
          Status.fromCodeValue(e.refusal().grpcCode())
              .withDescription(e.refusal().name() + ": " + e.getMessage())
              .asRuntimeException());
    }
  }

  /**
   * Decodes a CreateSigningCertificateRequest. Refusals before issuance are not audited by the CA.
   */
  public static SigningRequest parse(byte[] request) throws IssuanceException {
    try {
      String token = "";
      String content = null;
      byte[] pop = null;
      byte[] csr = null;
      for (Proto.Field f : Proto.parse(request)) {
        if (f.wireType() != 2) {
          continue;
        }
        switch (f.number()) {
          case 1 -> {
            for (Proto.Field c : Proto.parse(f.bytes())) {
              if (c.number() == 1 && c.wireType() == 2) {
                token = c.string();
              }
            }
          }
          case 2 -> {
            pop = new byte[0];
            for (Proto.Field p : Proto.parse(f.bytes())) {
              if (p.number() == 1 && p.wireType() == 2) {
                for (Proto.Field k : Proto.parse(p.bytes())) {
                  if (k.number() == 2 && k.wireType() == 2) {
                    content = k.string();
                  }
                }
              } else if (p.number() == 2 && p.wireType() == 2) {
                pop = p.bytes();
              }
            }
          }
          case 3 -> csr = f.bytes();
          default -> {}
        }
      }
      if (token.isEmpty()) {
        throw new IssuanceException(Refusal.TOKEN_MISSING, "no credentials.oidc_identity_token");
      }
      if (csr != null && csr.length > 0) {
        return SigningRequest.ofCsr(token, csr);
      }
      if (content == null || content.isEmpty()) {
        throw new IssuanceException(
            Refusal.PUBLIC_KEY_INVALID, "no public_key_request.public_key.content");
      }
      return SigningRequest.ofPublicKey(token, content, pop);
    } catch (Proto.MalformedException e) {
      throw new IssuanceException(
          Refusal.REQUEST_MALFORMED, "not a CreateSigningCertificateRequest: " + e.getMessage(), e);
    }
  }

  void getTrustBundle(byte[] request, StreamObserver<byte[]> out) {
    Proto.Writer chain = new Proto.Writer();
    for (X509Certificate c : ca.chain()) {
      chain.string(1, Certificates.toPem(c));
    }
    out.onNext(new Proto.Writer().message(1, chain).toByteArray());
    out.onCompleted();
  }

  void getConfiguration(byte[] request, StreamObserver<byte[]> out) {
    Proto.Writer cfg = new Proto.Writer();
    for (TrustedIssuer t : ca.verifier().issuers()) {
      cfg.message(
          1,
          new Proto.Writer()
              .string(1, t.url())
              .string(3, t.audience())
              .string(4, t.type() == IssuerType.EMAIL ? "email" : "sub")
              .string(6, t.type().configName()));
    }
    out.onNext(cfg.toByteArray());
    out.onCompleted();
  }
}
