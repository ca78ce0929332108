package vn.hocba.certificates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import vn.hocba.audit.Ed25519Signatures;
import vn.hocba.audit.SignedCheckpoint;
import vn.hocba.programme.Programme.CompletionRule;
import vn.hocba.programme.Programme.Text;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.statements.CanonicalJson;

/**
 * A completion certificate (docs/certificates.md): the LRS's signed word that a learner met a
 * programme's completion rule, with the proving statements' places in the hash chain and the signed
 * checkpoint that covers them. The signature covers the canonical JSON ({@link CanonicalJson}) of
 * the whole document except its {@code signature} member; {@code type} names the document so that
 * the signature cannot be taken for a checkpoint's.
 *
 * @param id 128 random bits, base64url without padding: unguessable, so the public pages cannot be
 *     enumerated
 * @param learner what the certificate shows of the learner
 * @param completedAt when the rule was met (the timestamp of the statement that completed it)
 * @param statements the proving statements, in the rule's order
 */
public record CompletionCertificate(
    String id,
    ProgrammeRef programme,
    Learner learner,
    GroupRef group,
    CompletionRule rule,
    Instant completedAt,
    Instant issuedAt,
    List<Proof> statements,
    SignedCheckpoint checkpoint,
    String keyId,
    String signature) {

  public static final String TYPE = "hocba.completion-certificate/1";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The programme as the certificate names it; {@code digest} pins the file's rules. */
  public record ProgrammeRef(String id, Text name, String digest) {}

  /**
   * The learner: {@code key} masked (enough to tell two people apart at a glance, not to contact
   * them), {@code keyHash} = hex SHA-256 of {@code "hocba.learner/1|" + certificate id + "|" +
   * person key}, which binds the certificate to one person without publishing the key, and the name
   * the learner's statements gave, or null.
   */
  public record Learner(String key, String keyHash, String name) {}

  public record GroupRef(String id, Text name) {}

  /** A proving statement: its id, where its event stands in the log and its chain hash. */
  public record Proof(String statementId, long position, String hash) {}

  /** A fresh certificate id: 16 random bytes, base64url, no padding (22 characters). */
  public static String newId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** True when {@code s} has the shape of a certificate id (so look-ups need no escaping). */
  public static boolean isId(String s) {
    return s != null && s.matches("[A-Za-z0-9_-]{22}");
  }

  /** {@link Learner#keyHash()} for a person key. */
  public static String keyHash(String certificateId, String personKey) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  ("hocba.learner/1|" + certificateId + "|" + personKey)
                      .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * A person key as a certificate shows it: the kind, then only a few characters of the identifier
   * ({@code mbox_sha1sum:1a2b…}, {@code account:https://sso.example.vn|ng…}, {@code
   * openid:https://id.example.vn/…}).
   */
  public static String mask(String personKey) {
    int colon = personKey.indexOf(':');
    if (colon < 0) {
      return "…";
    }
    String kind = personKey.substring(0, colon);
    String rest = personKey.substring(colon + 1);
    return switch (kind) {
      case "account" -> {
        int bar = rest.lastIndexOf('|');
        String home = bar < 0 ? "" : rest.substring(0, bar);
        String name = bar < 0 ? rest : rest.substring(bar + 1);
        yield "account:" + home + "|" + prefix(name, 2) + "…";
      }
      case "openid" -> {
        int slash = rest.indexOf('/', rest.indexOf("//") + 2);
        yield "openid:" + (slash < 0 ? prefix(rest, 12) : rest.substring(0, slash + 1)) + "…";
      }
      default -> kind + ":" + prefix(rest, 4) + "…";
    };
  }

  private static String prefix(String s, int n) {
    return s.length() <= n ? "" : s.substring(0, n);
  }

  /** This certificate signed with {@code key}, whose id is {@code keyId}. */
  public CompletionCertificate signedWith(PrivateKey key, String keyId) {
    CompletionCertificate unsigned = withSignature(keyId, null);
    byte[] sig = Ed25519Signatures.sign(key, signedBytes(unsigned.toJson()));
    return withSignature(keyId, Base64.getEncoder().encodeToString(sig));
  }

  /** This certificate signed by a signer that holds the key named {@code keyId}. */
  public CompletionCertificate signedBy(String keyId, Function<byte[], byte[]> signer) {
    CompletionCertificate unsigned = withSignature(keyId, null);
    byte[] sig = signer.apply(signedBytes(unsigned.toJson()));
    return withSignature(keyId, Base64.getEncoder().encodeToString(sig));
  }

  private CompletionCertificate withSignature(String keyId, String signature) {
    return new CompletionCertificate(
        id,
        programme,
        learner,
        group,
        rule,
        completedAt,
        issuedAt,
        statements,
        checkpoint,
        keyId,
        signature);
  }

  /**
   * The bytes the LRS signs: the canonical JSON of the document without its {@code signature}
   * member. The document is re-read first, so that the signer and every verifier hash the same tree
   * (numbers as the text holds them).
   */
  public static byte[] signedBytes(JsonNode document) {
    ObjectNode copy = (ObjectNode) StrictJson.parse(StrictJson.write(document));
    copy.remove("signature");
    return CanonicalJson.bytes(copy);
  }

  /** The certificate file: pretty-printed JSON (the signature does not depend on whitespace). */
  public String toFile() {
    try {
      return StrictJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson())
          + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public ObjectNode toJson() {
    ObjectNode n = StrictJson.mapper().createObjectNode();
    n.put("type", TYPE);
    n.put("id", id);
    ObjectNode p = n.putObject("programme");
    p.put("id", programme.id());
    p.set("name", text(programme.name()));
    p.put("digest", programme.digest());
    ObjectNode l = n.putObject("learner");
    l.put("key", learner.key());
    l.put("keyHash", learner.keyHash());
    l.put("name", learner.name());
    ObjectNode g = n.putObject("group");
    g.put("id", group.id());
    g.set("name", text(group.name()));
    ObjectNode r = n.putObject("rule");
    strings(r.putArray("required"), rule.required());
    strings(r.putArray("choose"), rule.choose());
    r.put("minimum", rule.minimum());
    strings(r.putArray("verbs"), rule.verbs());
    if (rule.minimumScaledScore() == null) {
      r.putNull("minimumScaledScore");
    } else {
      r.put("minimumScaledScore", new java.math.BigDecimal(rule.minimumScaledScore().toString()));
    }
    n.put("completedAt", completedAt.toString());
    n.put("issuedAt", issuedAt.toString());
    ArrayNode s = n.putArray("statements");
    for (Proof x : statements) {
      s.addObject().put("id", x.statementId()).put("position", x.position()).put("hash", x.hash());
    }
    ObjectNode c = n.putObject("checkpoint");
    c.put("coveredPosition", checkpoint.coveredPosition());
    c.put("coveredHash", checkpoint.coveredHash());
    c.put("stored", checkpoint.stored().toString());
    c.put("keyId", checkpoint.keyId());
    c.put("algorithm", Ed25519Signatures.ALGORITHM);
    c.put("signature", checkpoint.signature());
    n.put("keyId", keyId);
    n.put("algorithm", Ed25519Signatures.ALGORITHM);
    n.put("signature", signature);
    return n;
  }

  /**
   * Reads a certificate file.
   *
   * @throws IllegalArgumentException when it is not a certificate of this format
   */
  public static CompletionCertificate fromJson(JsonNode n) {
    try {
      if (!TYPE.equals(n.path("type").asText())) {
        throw new IllegalArgumentException("not a " + TYPE + " document");
      }
      JsonNode p = n.get("programme");
      JsonNode l = n.get("learner");
      JsonNode g = n.get("group");
      JsonNode r = n.get("rule");
      JsonNode c = n.get("checkpoint");
      List<Proof> proofs = new ArrayList<>();
      for (JsonNode x : n.get("statements")) {
        proofs.add(new Proof(req(x, "id"), x.get("position").longValue(), req(x, "hash")));
      }
      JsonNode score = r.get("minimumScaledScore");
      return new CompletionCertificate(
          req(n, "id"),
          new ProgrammeRef(req(p, "id"), text(p.get("name")), req(p, "digest")),
          new Learner(req(l, "key"), req(l, "keyHash"), l.path("name").asText(null)),
          new GroupRef(req(g, "id"), text(g.get("name"))),
          new CompletionRule(
              strings(r.get("required")),
              strings(r.get("choose")),
              r.get("minimum").intValue(),
              strings(r.get("verbs")),
              score == null || score.isNull() ? null : score.doubleValue()),
          Instant.parse(req(n, "completedAt")),
          Instant.parse(req(n, "issuedAt")),
          List.copyOf(proofs),
          new SignedCheckpoint(
              c.get("coveredPosition").longValue(),
              req(c, "coveredHash"),
              Instant.parse(req(c, "stored")),
              req(c, "keyId"),
              req(c, "signature")),
          req(n, "keyId"),
          req(n, "signature"));
    } catch (NullPointerException | java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("an incomplete or malformed certificate: " + e, e);
    }
  }

  /** The highest log position among the proving statements. */
  public long highestPosition() {
    return statements.stream().mapToLong(Proof::position).max().orElse(-1);
  }

  /** What the offline checks found. */
  public record Check(String name, boolean ok, String message) {}

  /**
   * The checks that need only the file and the public keys: the certificate's signature, the
   * checkpoint's signature, and that the checkpoint covers every proving statement.
   *
   * @param document the certificate file as parsed (not re-serialized from the record, so that any
   *     edit to any member shows)
   * @param keys public keys by key id
   */
  public static List<Check> verifyOffline(JsonNode document, Map<String, PublicKey> keys) {
    List<Check> out = new ArrayList<>();
    CompletionCertificate cert;
    try {
      cert = fromJson(document);
    } catch (IllegalArgumentException e) {
      out.add(new Check("format", false, e.getMessage()));
      return out;
    }
    out.add(new Check("format", true, TYPE));
    PublicKey key = keys.get(cert.keyId());
    if (key == null) {
      out.add(new Check("signature", false, "unknown key " + cert.keyId()));
    } else {
      boolean ok =
          cert.keyId().equals(Ed25519Signatures.keyId(key))
              && Ed25519Signatures.verify(key, signedBytes(document), decode(cert.signature()));
      out.add(
          new Check(
              "signature",
              ok,
              ok
                  ? "signed by key " + cert.keyId()
                  : "the signature does not match the content (edited, or another key)"));
    }
    PublicKey ckey = keys.get(cert.checkpoint().keyId());
    boolean cok = ckey != null && cert.checkpoint().verifiesWith(ckey);
    out.add(
        new Check(
            "checkpoint",
            cok,
            ckey == null
                ? "unknown checkpoint key " + cert.checkpoint().keyId()
                : cok
                    ? "checkpoint covering position "
                        + cert.checkpoint().coveredPosition()
                        + " signed by key "
                        + cert.checkpoint().keyId()
                    : "the checkpoint's signature does not verify"));
    boolean covers =
        !cert.statements().isEmpty()
            && cert.checkpoint().coveredPosition() >= cert.highestPosition();
    out.add(
        new Check(
            "coverage",
            covers,
            covers
                ? "the checkpoint covers every proving statement"
                : "the checkpoint does not cover every proving statement"));
    return out;
  }

  private static byte[] decode(String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }

  private static String req(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing text member " + field);
    }
    return v.asText();
  }

  private static ObjectNode text(Text t) {
    return StrictJson.mapper().createObjectNode().put("vi", t.vi()).put("en", t.en());
  }

  private static Text text(JsonNode n) {
    return new Text(n.path("vi").asText(null), n.path("en").asText(null));
  }

  private static void strings(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }

  private static List<String> strings(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(x -> out.add(x.asText()));
    return List.copyOf(out);
  }
}
