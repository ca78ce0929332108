package vn.hocba.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import vn.hocba.audit.Ed25519Signatures;
import vn.hocba.audit.SignedCheckpoint;
import vn.hocba.certificates.CompletionCertificate.Check;
import vn.hocba.programme.Programme.CompletionRule;
import vn.hocba.programme.Programme.Text;
import vn.hocba.xapi.json.StrictJson;

class CompletionCertificateTest {

  static final KeyPair KEYS = Ed25519Signatures.generate();
  static final String KEY_ID = Ed25519Signatures.keyId(KEYS.getPublic());
  static final Map<String, PublicKey> PUBLISHED = Map.of(KEY_ID, KEYS.getPublic());

  static CompletionCertificate certificate(long covered) {
    String id = CompletionCertificate.newId();
    String person = "mbox_sha1sum:" + "ab".repeat(20);
    return new CompletionCertificate(
            id,
            new CompletionCertificate.ProgrammeRef(
                "tiny", new Text("Chương trình nhỏ", "Tiny programme"), "d".repeat(64)),
            new CompletionCertificate.Learner(
                CompletionCertificate.mask(person),
                CompletionCertificate.keyHash(id, person),
                "Người \"An\""),
            new CompletionCertificate.GroupRef("staff", new Text("Cán bộ", "Staff")),
            new CompletionRule(
                List.of("a"),
                List.of("b", "c"),
                1,
                List.of("http://adlnet.gov/expapi/verbs/passed"),
                0.7),
            Instant.parse("2025-05-01T03:00:00Z"),
            Instant.parse("2025-05-02T00:00:00Z"),
            List.of(
                new CompletionCertificate.Proof("s1", 3, "1".repeat(64)),
                new CompletionCertificate.Proof("s2", 7, "2".repeat(64))),
            SignedCheckpoint.sign(
                KEYS.getPrivate(),
                KEY_ID,
                covered,
                "c".repeat(64),
                Instant.parse("2025-05-01T10:00:00Z")),
            null,
            null)
        .signedWith(KEYS.getPrivate(), KEY_ID);
  }

  static boolean valid(List<Check> checks) {
    return checks.stream().allMatch(Check::ok);
  }

  @Nested
  @DisplayName("offline verification with the public key alone")
  class Offline {

    @Test
    @DisplayName("a certificate as issued verifies, also after a round trip through its file")
    void genuine() {
      CompletionCertificate c = certificate(9);
      JsonNode file = StrictJson.parse(c.toFile());
      assertThat(valid(CompletionCertificate.verifyOffline(file, PUBLISHED))).isTrue();
      assertThat(CompletionCertificate.fromJson(file)).isEqualTo(c);
    }

    @Test
    @DisplayName("any edited member, an unknown key or an uncovered statement fails")
    void tampered() {
      JsonNode file = StrictJson.parse(certificate(9).toFile());
      ObjectNode edited = file.deepCopy();
      ((ObjectNode) edited.get("learner")).put("name", "Người khác");
      assertThat(CompletionCertificate.verifyOffline(edited, PUBLISHED))
          .filteredOn(c -> c.name().equals("signature"))
          .extracting(Check::ok)
          .containsExactly(false);
      ObjectNode added = file.deepCopy();
      added.put("note", "extra");
      assertThat(valid(CompletionCertificate.verifyOffline(added, PUBLISHED))).isFalse();
      ObjectNode checkpoint = file.deepCopy();
      ((ObjectNode) checkpoint.get("checkpoint")).put("coveredHash", "e".repeat(64));
      assertThat(CompletionCertificate.verifyOffline(checkpoint, PUBLISHED))
          .filteredOn(c -> c.name().equals("checkpoint"))
          .extracting(Check::ok)
          .containsExactly(false);
      KeyPair other = Ed25519Signatures.generate();
      assertThat(
              valid(
                  CompletionCertificate.verifyOffline(
                      file, Map.of(Ed25519Signatures.keyId(other.getPublic()), other.getPublic()))))
          .isFalse();
      JsonNode uncovered = StrictJson.parse(certificate(5).toFile());
      assertThat(CompletionCertificate.verifyOffline(uncovered, PUBLISHED))
          .filteredOn(c -> c.name().equals("coverage"))
          .extracting(Check::ok)
          .containsExactly(false);
      assertThat(
              CompletionCertificate.verifyOffline(StrictJson.parse("{\"type\":\"x\"}"), PUBLISHED))
          .extracting(Check::ok)
          .containsExactly(false);
    }

    @Test
    @DisplayName("a checkpoint signature is not a certificate signature: the type differs")
    void domainSeparation() {
      CompletionCertificate c = certificate(9);
      ObjectNode forged = c.toJson();
      forged.put("signature", c.checkpoint().signature());
      assertThat(valid(CompletionCertificate.verifyOffline(forged, PUBLISHED))).isFalse();
    }
  }

  @Nested
  @DisplayName("what the certificate shows of the learner")
  class Learner {

    @Test
    @DisplayName("ids are 128 random bits, URL-safe, and do not repeat")
    void ids() {
      String a = CompletionCertificate.newId();
      assertThat(CompletionCertificate.isId(a)).isTrue();
      assertThat(a).isNotEqualTo(CompletionCertificate.newId());
      assertThat(CompletionCertificate.isId("../etc")).isFalse();
    }

    @Test
    @DisplayName("the person key is masked and bound by a per-certificate hash")
    void masked() {
      String sha = "mbox_sha1sum:" + "0123456789".repeat(4);
      assertThat(CompletionCertificate.mask(sha)).isEqualTo("mbox_sha1sum:0123…");
      assertThat(CompletionCertificate.mask("account:https://sso.example.vn|nguyenvana"))
          .isEqualTo("account:https://sso.example.vn|ng…");
      assertThat(CompletionCertificate.mask("openid:https://id.example.vn/u/123"))
          .isEqualTo("openid:https://id.example.vn/…");
      assertThat(CompletionCertificate.keyHash("x", sha))
          .isNotEqualTo(CompletionCertificate.keyHash("y", sha))
          .hasSize(64);
    }
  }
}
