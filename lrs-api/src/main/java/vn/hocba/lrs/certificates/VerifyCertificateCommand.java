package vn.hocba.lrs.certificates;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.hocba.audit.Ed25519Signatures;
import vn.hocba.certificates.CompletionCertificate;
import vn.hocba.certificates.CompletionCertificate.Check;
import vn.hocba.lrs.cli.Cli;
import vn.hocba.xapi.json.StrictJson;

/**
 * {@code verify-certificate --file cert.json (--public-key key.pem | --keys hocba-keys.json)...}:
 * checks a certificate file without the server (docs/certificates.md). Exit 0 valid, 1 invalid, 2
 * bad usage.
 */
public final class VerifyCertificateCommand implements Cli.Command {

  static final String USAGE =
      """
      usage: verify-certificate --file CERTIFICATE.json
                                (--public-key PEM_FILE | --keys hocba-keys.json)...
        Checks the LRS's signature on the certificate and its checkpoint's signature with the
        given public keys only. It cannot see a later voiding: open /verify/<id> for that.""";

  @Override
  public String summary() {
    return "checks a completion certificate file offline with the LRS's public keys";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
    Path file = null;
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--file" -> file = Path.of(value(args, ++i, a));
        case "--public-key" -> {
          PublicKey k =
              Ed25519Signatures.parsePublicKey(
                  Files.readString(Path.of(value(args, ++i, a)), StandardCharsets.US_ASCII));
          keys.put(Ed25519Signatures.keyId(k), k);
        }
        case "--keys" -> keys.putAll(readKeys(Path.of(value(args, ++i, a))));
        default -> throw new Cli.UsageException("unknown option " + a + "\n" + USAGE);
      }
    }
    if (file == null || keys.isEmpty()) {
      throw new Cli.UsageException("--file and at least one key are needed\n" + USAGE);
    }
    Result r = verify(Files.readString(file, StandardCharsets.UTF_8), keys);
    for (Check c : r.checks()) {
      out.println((c.ok() ? "OK    " : "FAIL  ") + c.name() + ": " + c.message());
    }
    out.println(
        r.valid()
            ? "HỢP LỆ / VALID: chữ ký của chứng nhận và của checkpoint đều đúng / both signatures"
                + " verify"
            : "KHÔNG HỢP LỆ / INVALID");
    out.println(
        "Lưu ý / Note: kiểm tra ngoại tuyến không biết statement nào bị hủy sau khi cấp; xem"
            + " /verify/<id> / offline checks cannot see a later voiding; see /verify/<id>.");
    return r.valid() ? 0 : 1;
  }

  /** What the offline verification found. */
  public record Result(boolean valid, List<Check> checks) {}

  /** Verifies certificate file text with these public keys (by key id). */
  public static Result verify(String certificateFile, Map<String, PublicKey> keys) {
    JsonNode doc;
    try {
      doc = StrictJson.parse(certificateFile);
    } catch (RuntimeException e) {
      return new Result(false, List.of(new Check("format", false, "not JSON: " + e.getMessage())));
    }
    List<Check> checks = new ArrayList<>(CompletionCertificate.verifyOffline(doc, keys));
    return new Result(checks.stream().allMatch(Check::ok), List.copyOf(checks));
  }

  /** The keys of a downloaded {@code /.well-known/hocba-keys.json}. */
  public static Map<String, PublicKey> readKeys(Path file) throws IOException {
    JsonNode n = StrictJson.parse(Files.readString(file, StandardCharsets.UTF_8));
    Map<String, PublicKey> out = new LinkedHashMap<>();
    for (JsonNode k : n.path("keys")) {
      PublicKey key =
          Ed25519Signatures.publicKeyFromX509(
              Base64.getDecoder().decode(k.path("publicKey").asText()));
      out.put(Ed25519Signatures.keyId(key), key);
    }
    return out;
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new Cli.UsageException(option + " needs a value");
    }
    return args.get(i);
  }
}
