package vn.hocba.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class Ed25519SignaturesTest {

  static String resource(String name) throws IOException {
    try (InputStream in = Ed25519SignaturesTest.class.getResourceAsStream("/audit/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Nested
  @DisplayName("keys written by OpenSSL (openssl genpkey -algorithm ed25519)")
  class OpenSslKeys {
    @Test
    @DisplayName(
        "the public key derived from the PKCS#8 file is the one openssl pkey -pubout wrote")
    void derivesThePublicKey() throws IOException {
      PrivateKey key = Ed25519Signatures.parsePrivateKey(resource("openssl-ed25519.pem"));
      PublicKey expected = Ed25519Signatures.parsePublicKey(resource("openssl-ed25519.pub.pem"));
      assertThat(Ed25519Signatures.publicKeyOf(key).getEncoded()).isEqualTo(expected.getEncoded());
    }

    @Test
    @DisplayName("PEM written back is byte for byte what OpenSSL wrote")
    void pemRoundTrip() throws IOException {
      String pem = resource("openssl-ed25519.pub.pem");
      assertThat(Ed25519Signatures.publicKeyPem(Ed25519Signatures.parsePublicKey(pem)))
          .isEqualTo(pem);
      String priv = resource("openssl-ed25519.pem");
      assertThat(Ed25519Signatures.privateKeyPem(Ed25519Signatures.parsePrivateKey(priv)))
          .isEqualTo(priv);
    }

    @Test
    @DisplayName("the key id is the first 16 hex of SHA-256 over the X.509 encoding")
    void keyId() throws IOException {
      PublicKey key = Ed25519Signatures.parsePublicKey(resource("openssl-ed25519.pub.pem"));
      // sha256 of the DER of openssl-ed25519.pub.pem, computed with
      // openssl pkey -pubin -outform DER | sha256sum
      assertThat(Ed25519Signatures.keyId(key)).isEqualTo(KEY_ID).hasSize(16);
    }
  }

  static final String KEY_ID = "5bbe02ad262410f4";

  @Test
  @DisplayName("a signature verifies with its key only, and only for the signed bytes")
  void signAndVerify() {
    KeyPair a = Ed25519Signatures.generate();
    KeyPair b = Ed25519Signatures.generate();
    byte[] msg = "chain head".getBytes(StandardCharsets.UTF_8);
    byte[] sig = Ed25519Signatures.sign(a.getPrivate(), msg);
    assertThat(sig).hasSize(64);
    assertThat(Ed25519Signatures.verify(a.getPublic(), msg, sig)).isTrue();
    assertThat(Ed25519Signatures.verify(b.getPublic(), msg, sig)).isFalse();
    assertThat(Ed25519Signatures.verify(a.getPublic(), "chain heae".getBytes(), sig)).isFalse();
    assertThat(Ed25519Signatures.verify(a.getPublic(), msg, new byte[3])).isFalse();
  }

  @Test
  void malformedPemIsRejected() {
    assertThatThrownBy(() -> Ed25519Signatures.parsePublicKey("not a key"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                Ed25519Signatures.parsePublicKey(
                    "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Nested
  @DisplayName("signed checkpoints")
  class Checkpoints {
    final KeyPair pair = Ed25519Signatures.generate();
    final String keyId = Ed25519Signatures.keyId(pair.getPublic());
    final String hash = "ab".repeat(32);
    final Instant stored = Instant.parse("2026-01-01T00:00:00.123Z");

    @Test
    @DisplayName("the signed bytes are the documented canonical JSON")
    void signedText() {
      SignedCheckpoint c = new SignedCheckpoint(41, hash, stored, "0123456789abcdef", null);
      assertThat(c.signedText())
          .isEqualTo(
              "{\"coveredHash\":\""
                  + hash
                  + "\",\"coveredPosition\":41,\"keyId\":\"0123456789abcdef\","
                  + "\"stored\":\"2026-01-01T00:00:00.123Z\",\"type\":\"hocba.chain-checkpoint/1\"}");
    }

    @Test
    @DisplayName("a checkpoint verifies with its key; any changed field or another key fails")
    void verifies() {
      SignedCheckpoint c = SignedCheckpoint.sign(pair.getPrivate(), keyId, 41, hash, stored);
      assertThat(c.verifiesWith(pair.getPublic())).isTrue();
      assertThat(
              new SignedCheckpoint(42, hash, stored, keyId, c.signature())
                  .verifiesWith(pair.getPublic()))
          .isFalse();
      assertThat(
              new SignedCheckpoint(41, "cd".repeat(32), stored, keyId, c.signature())
                  .verifiesWith(pair.getPublic()))
          .isFalse();
      assertThat(
              new SignedCheckpoint(41, hash, stored.plusMillis(1), keyId, c.signature())
                  .verifiesWith(pair.getPublic()))
          .isFalse();
      assertThat(c.verifiesWith(Ed25519Signatures.generate().getPublic())).isFalse();
      assertThat(
              new SignedCheckpoint(41, hash, stored, keyId, "%%%").verifiesWith(pair.getPublic()))
          .isFalse();
    }
  }
}
