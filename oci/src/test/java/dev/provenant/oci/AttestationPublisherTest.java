package dev.provenant.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.cosign.CosignAnnotations;
import dev.provenant.core.dsse.DsseEnvelope;
import dev.provenant.core.json.GoJson;
import dev.provenant.core.testing.Corpus;
import dev.provenant.oci.RegistryClient.Referrers;
import dev.provenant.oci.RegistryClient.ReferrersSource;
import dev.provenant.oci.RegistryException.Reason;
import dev.provenant.verify.slsa.oci.CosignAttestation;
import dev.provenant.verify.slsa.oci.OciLayouts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link AttestationPublisher} against Debian's docker-registry (distribution 2.8, no referrers
 * API) on loopback: what {@code attachCosign} writes is read back by verify's cosign reader ({@link
 * OciLayouts#fromManifest}); what {@code attachBundle} writes is found through the referrers tag; a
 * second attestation is appended, never replacing the first.
 */
class AttestationPublisherTest {
  /** Two real DSSE bundles (certificate + dsse log entry with a SET) from sigstore-conformance. */
  static byte[] bundleJson(String name) throws Exception {
    return Files.readAllBytes(
        Corpus.path("sigstore-conformance/assets/bundle-verify/" + name + "/bundle.sigstore.json"));
  }

  static final String HAPPY = "happy-path-intoto-in-dsse-v3";
  static final String OTHER = "intoto-with-custom-trust-root";

  static Reference image(RegistryClient c, String prefix, String layer) throws Exception {
    Reference repo = TestRegistries.repo(RegistryClientTest.open(), prefix);
    byte[] m = TestRegistries.pushImage(c, repo, layer);
    return repo.withDigest(RegistryClient.digestOf(m));
  }

  static List<CosignAttestation> readBack(RegistryClient c, Reference image) throws Exception {
    Manifest att = c.manifest(image.withTag(CosignAnnotations.attestationTag(image.digest())));
    return OciLayouts.fromManifest(
        att.bytes(),
        d -> {
          try {
            return c.blob(image, d);
          } catch (RegistryException e) {
            throw new AssertionError(e);
          }
        });
  }

  @Test
  void attachCosign_readBackByCosignReader_envelopeCertificateAndLogEntry() throws Exception {
    RegistryClient c = TestRegistries.anonymous();
    Reference image = image(c, "att-cosign", "cosign layer");
    Bundle bundle = Bundle.parse(bundleJson(HAPPY));

    String attDigest = new AttestationPublisher(c).attachCosign(image, bundle);

    Manifest att = c.manifest(image.withTag(CosignAnnotations.attestationTag(image.digest())));
    assertThat(att.digest()).isEqualTo(attDigest);
    assertThat(att.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    JsonNode layer = att.json().path("layers").get(0);
    assertThat(layer.path("mediaType").asText()).isEqualTo(MediaTypes.DSSE_ENVELOPE);
    JsonNode ann = layer.path("annotations");
    assertThat(ann.path(CosignAnnotations.SIGNATURE).isTextual()).isTrue();
    assertThat(ann.path(CosignAnnotations.SIGNATURE).asText()).isEmpty();
    assertThat(ann.path(CosignAnnotations.PREDICATE_TYPE).asText())
        .isEqualTo(
            dev.provenant.core.intoto.StatementHeader.parse(
                    bundle.dsseEnvelope().orElseThrow().payload())
                .predicateType());
    // The config's diff ids name the layers, as go-containerregistry's image config does.
    JsonNode config =
        GoJson.parse(c.blob(image, att.json().path("config").path("digest").asText()));
    assertThat(config.path("rootfs").path("diff_ids").get(0).asText())
        .isEqualTo(layer.path("digest").asText());

    List<CosignAttestation> read = readBack(c, image);
    assertThat(read).hasSize(1);
    CosignAttestation a = read.get(0);
    DsseEnvelope env = bundle.dsseEnvelope().orElseThrow();
    assertThat(a.envelope().payload()).isEqualTo(env.payload());
    assertThat(a.envelope().payloadType()).isEqualTo(env.payloadType());
    assertThat(a.envelope().signatures().get(0).sig()).isEqualTo(env.signatures().get(0).sig());
    assertThat(a.certificate())
        .isEqualTo(bundle.verificationMaterial().leafCertificate().orElseThrow());
    TlogEntry want = bundle.verificationMaterial().tlogEntries().get(0);
    TlogEntry got = a.tlogEntry();
    assertThat(got.logIndex()).isEqualTo(want.logIndex());
    assertThat(got.logId()).isEqualTo(want.logId());
    assertThat(got.kind()).isEqualTo(want.kind());
    assertThat(got.version()).isEqualTo(want.version());
    assertThat(got.integratedTime()).isEqualTo(want.integratedTime());
    assertThat(got.signedEntryTimestamp().orElseThrow())
        .isEqualTo(want.signedEntryTimestamp().orElseThrow());
    assertThat(got.canonicalizedBody()).isEqualTo(want.canonicalizedBody());
  }

  @Test
  void attachCosign_secondAttestation_appendedFirstKept_sameAgainNotDuplicated() throws Exception {
    RegistryClient c = TestRegistries.anonymous();
    Reference image = image(c, "att-append", "append layer");
    AttestationPublisher p = new AttestationPublisher(c);
    Bundle first = Bundle.parse(bundleJson(HAPPY));
    Bundle second = Bundle.parse(bundleJson(OTHER));

    String d1 = p.attachCosign(image, first);
    String d2 = p.attachCosign(image, second);
    String d3 = p.attachCosign(image, first);

    assertThat(d2).isNotEqualTo(d1);
    assertThat(d3).isEqualTo(d2);
    List<CosignAttestation> read = readBack(c, image);
    assertThat(read).hasSize(2);
    assertThat(read.get(0).envelope().payload())
        .isEqualTo(first.dsseEnvelope().orElseThrow().payload());
    assertThat(read.get(1).envelope().payload())
        .isEqualTo(second.dsseEnvelope().orElseThrow().payload());
    assertThat(
            GoJson.parse(
                    c.blob(
                        image,
                        c.manifest(image.withDigest(d2))
                            .json()
                            .path("config")
                            .path("digest")
                            .asText()))
                .path("rootfs")
                .path("diff_ids")
                .size())
        .isEqualTo(2);
  }

  @Test
  void attachBundle_noReferrersApi_referrerFoundThroughTheFallbackTag() throws Exception {
    RegistryClient c = TestRegistries.anonymous();
    Reference image = image(c, "att-bundle", "bundle layer");
    byte[] json = bundleJson(HAPPY);

    String ref = new AttestationPublisher(c).attachBundle(image, json);

    Referrers refs = c.referrers(image, image.digest(), MediaTypes.SIGSTORE_BUNDLE_V03);
    assertThat(refs.source()).isEqualTo(ReferrersSource.TAG_SCHEMA);
    assertThat(refs.descriptors()).extracting(Descriptor::digest).containsExactly(ref);
    Descriptor d = refs.descriptors().get(0);
    assertThat(d.annotations()).containsEntry("dev.sigstore.bundle.content", "dsse-envelope");
    Manifest m = c.manifest(image.withDigest(ref));
    JsonNode mj = m.json();
    assertThat(mj.path("artifactType").asText()).isEqualTo(MediaTypes.SIGSTORE_BUNDLE_V03);
    assertThat(mj.path("subject").path("digest").asText()).isEqualTo(image.digest());
    assertThat(mj.path("subject").path("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(mj.path("config").path("mediaType").asText()).isEqualTo(MediaTypes.OCI_EMPTY);
    Descriptor layer = m.descriptors().get(0);
    assertThat(layer.mediaType()).isEqualTo(MediaTypes.SIGSTORE_BUNDLE_V03);
    assertThat(c.blob(image, layer.digest())).isEqualTo(json);
  }

  @Test
  void attachBundle_second_fallbackIndexUpdatedNotReplaced() throws Exception {
    RegistryClient c = TestRegistries.anonymous();
    Reference image = image(c, "att-bundle2", "bundle layer 2");
    // A fixed clock: the same bundle attached again is the same referrer manifest.
    AttestationPublisher p =
        new AttestationPublisher(
            c,
            java.time.Clock.fixed(
                java.time.Instant.parse("2026-01-02T03:04:05Z"), java.time.ZoneOffset.UTC));
    // An entry another tool wrote first, with a field this client does not model: it must survive.
    byte[] other = TestRegistries.pushImage(c, image.withTag("other"), "another artifact");
    String otherDigest = RegistryClient.digestOf(other);
    String foreign =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_INDEX
            + "\",\"manifests\":[{\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"digest\":\""
            + otherDigest
            + "\",\"size\":"
            + other.length
            + ",\"artifactType\":\"application/example\",\"x-extra\":true}]}";
    c.putManifest(
        image,
        image.digest().replace(':', '-'),
        foreign.getBytes(StandardCharsets.UTF_8),
        MediaTypes.OCI_INDEX);

    String r1 = p.attachBundle(image, bundleJson(HAPPY));
    String r2 = p.attachBundle(image, bundleJson(OTHER));
    String again = p.attachBundle(image, bundleJson(OTHER));

    Manifest index = c.manifest(image.withTag(image.digest().replace(':', '-')));
    List<String> digests = new ArrayList<>();
    for (JsonNode m : index.json().path("manifests")) {
      digests.add(m.path("digest").asText());
    }
    assertThat(digests).containsExactly(otherDigest, r1, r2);
    assertThat(index.json().path("manifests").get(0).path("x-extra").asBoolean()).isTrue();
    assertThat(again).isEqualTo(r2);
    Referrers refs = c.referrers(image, image.digest(), MediaTypes.SIGSTORE_BUNDLE_V03);
    assertThat(refs.descriptors()).extracting(Descriptor::digest).contains(r1, r2);
  }

  @Test
  void attachBundle_fallbackTagHoldsAManifest_refusedNothingOverwritten() throws Exception {
    RegistryClient c = TestRegistries.anonymous();
    Reference image = image(c, "att-notindex", "notindex layer");
    String tag = image.digest().replace(':', '-');
    byte[] plain = c.manifest(image).bytes();
    c.putManifest(image, tag, plain, MediaTypes.OCI_MANIFEST);

    assertThatThrownBy(() -> new AttestationPublisher(c).attachBundle(image, bundleJson(HAPPY)))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_RESPONSE));
    assertThat(c.manifest(image.withTag(tag)).bytes()).isEqualTo(plain);
  }

  @Test
  void attach_imageNotInRegistry_notFound() throws Exception {
    RegistryClient c = TestRegistries.anonymous();
    Reference image = image(c, "att-missing", "present").withDigest("sha256:" + "1".repeat(64));
    assertThatThrownBy(() -> new AttestationPublisher(c).attachBundle(image, bundleJson(HAPPY)))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
  }

  @Test
  void attach_registryDown_unreachable() throws Exception {
    RegistryClient c =
        RegistryClient.create(TestRegistries.transport(), CredentialStore.ANONYMOUS, Set.of());
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Reference image =
        new Reference("127.0.0.1:" + port, "test/down", null, "sha256:" + "2".repeat(64));
    Bundle bundle = Bundle.parse(bundleJson(HAPPY));
    assertThatThrownBy(() -> new AttestationPublisher(c).attachCosign(image, bundle))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE));
  }

  @Test
  void attachCosign_tagOnlyReference_orMessageSignatureBundle_refused() throws Exception {
    RegistryClient c = TestRegistries.anonymous();
    AttestationPublisher p = new AttestationPublisher(c);
    Bundle dsse = Bundle.parse(bundleJson(HAPPY));
    assertThatThrownBy(() -> p.attachCosign(Reference.parse("127.0.0.1:1/x:latest"), dsse))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("digest");
    Bundle blob =
        Bundle.parse(
            Files.readAllBytes(
                Corpus.path(
                    "sigstore-conformance/assets/bundle-verify/happy-path-v0.3/bundle.sigstore.json")));
    Reference r = Reference.parse("127.0.0.1:1/x@sha256:" + "3".repeat(64));
    assertThatThrownBy(() -> p.attachCosign(r, blob))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DSSE");
  }
}
