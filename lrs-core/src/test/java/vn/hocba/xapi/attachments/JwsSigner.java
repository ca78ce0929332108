package vn.hocba.xapi.attachments;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import vn.hocba.xapi.json.StrictJson;

/**
 * Signs statements as a JWS (RFC 7515 compact) with the test key in signing/signer.p12. Shared with
 * lrs-api's HTTP tests through lrs-core's test jar.
 */
public final class JwsSigner {

  private final PrivateKey key;
  private final X509Certificate cert;

  public JwsSigner() {
    try (InputStream in = JwsSigner.class.getResourceAsStream("/signing/signer.p12")) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, "changeit".toCharArray());
      key = (PrivateKey) ks.getKey("signer", "changeit".toCharArray());
      cert = (X509Certificate) ks.getCertificate("signer");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public String sign(JsonNode payload, String alg, boolean x5c) {
    try {
      var header = StrictJson.mapper().createObjectNode().put("alg", alg);
      if (x5c) {
        header.putArray("x5c").add(Base64.getEncoder().encodeToString(cert.getEncoded()));
      }
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      String input =
          b64.encodeToString(StrictJson.write(header).getBytes(StandardCharsets.UTF_8))
              + "."
              + b64.encodeToString(StrictJson.write(payload).getBytes(StandardCharsets.UTF_8));
      String java =
          switch (alg) {
            case "RS384" -> "SHA384withRSA";
            case "RS512" -> "SHA512withRSA";
            default -> "SHA256withRSA";
          };
      Signature s = Signature.getInstance(java);
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64.encodeToString(s.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
