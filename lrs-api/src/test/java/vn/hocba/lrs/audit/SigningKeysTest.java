package vn.hocba.lrs.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.hocba.audit.Ed25519Signatures;

class SigningKeysTest {

  @TempDir Path dataDir;

  static Path writeKey(Path file, KeyPair pair) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, Ed25519Signatures.privateKeyPem(pair.getPrivate()));
    return file;
  }

  static Path writePublic(Path file, KeyPair pair) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, Ed25519Signatures.publicKeyPem(pair.getPublic()));
    return file;
  }

  @Nested
  @DisplayName("without LRS_SIGNING_KEY_FILE")
  class Generated {
    @Test
    @DisplayName("a key is generated once under <data-dir>/keys, readable by its owner only")
    void generatedOnceWithOwnerOnlyPermissions() throws Exception {
      SigningKeys first = SigningKeys.forServer("", "", dataDir, false);
      Path key = dataDir.resolve("keys").resolve(SigningKeys.GENERATED);
      assertThat(key).exists();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
          .isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())))
          .isEqualTo("rwx------");
      SigningKeys again = SigningKeys.forServer("", "", dataDir, true);
      assertThat(again.current().orElseThrow().keyId())
          .isEqualTo(first.current().orElseThrow().keyId());
      assertThat(again.all()).hasSize(1);
      byte[] msg = {1, 2, 3};
      assertThat(
              Ed25519Signatures.verify(
                  first.current().orElseThrow().publicKey(), msg, again.sign(msg)))
          .isTrue();
    }

    @Test
    @DisplayName("the key never shows in toString")
    void noSecretInToString() throws Exception {
      SigningKeys keys = SigningKeys.forServer("", "", dataDir, false);
      String pem = Files.readString(dataDir.resolve("keys").resolve(SigningKeys.GENERATED));
      String body = pem.lines().skip(1).findFirst().orElseThrow();
      assertThat(keys.toString()).doesNotContain(body).contains(keys.current().get().keyId());
    }
  }

  @Nested
  @DisplayName("rotation")
  class Rotation {
    @Test
    @DisplayName("a key file replaces the generated key, which stays as a retired key")
    void keyFileReplacesGeneratedKey() throws Exception {
      String old = SigningKeys.forServer("", "", dataDir, false).current().get().keyId();
      KeyPair next = Ed25519Signatures.generate();
      Path file = writeKey(dataDir.resolve("elsewhere/signing.pem"), next);
      SigningKeys keys = SigningKeys.forServer(file.toString(), "", dataDir, true);
      assertThat(keys.current().get().keyId()).isEqualTo(Ed25519Signatures.keyId(next.getPublic()));
      assertThat(keys.all())
          .extracting(SigningKeys.Key::keyId, SigningKeys.Key::status)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  Ed25519Signatures.keyId(next.getPublic()), SigningKeys.Status.CURRENT),
              org.assertj.core.groups.Tuple.tuple(old, SigningKeys.Status.RETIRED));
    }

    @Test
    @DisplayName(
        "retired keys from LRS_SIGNING_RETIRED_KEYS and keys/retired/ verify old checkpoints")
    void retiredKeys() throws Exception {
      KeyPair a = Ed25519Signatures.generate();
      KeyPair b = Ed25519Signatures.generate();
      KeyPair c = Ed25519Signatures.generate();
      Path pa = writePublic(dataDir.resolve("old/a.pub.pem"), a);
      Path pb = writeKey(dataDir.resolve("old/b.pem"), b); // a private key file works too
      writePublic(dataDir.resolve("keys/retired/c.pem"), c);
      SigningKeys keys = SigningKeys.forServer("", pa + ", " + pb, dataDir, false);
      for (KeyPair k : List.of(a, b, c)) {
        String id = Ed25519Signatures.keyId(k.getPublic());
        assertThat(keys.publicKey(id)).contains(k.getPublic());
      }
      assertThat(keys.all()).hasSize(4);
      assertThat(keys.all().get(0).status()).isEqualTo(SigningKeys.Status.CURRENT);
    }

    @Test
    @DisplayName("a file that is not an Ed25519 PEM key stops the start with its name")
    void badKeyFile() throws Exception {
      Path bad = Files.writeString(dataDir.resolve("bad.pem"), "hello");
      assertThatThrownBy(() -> SigningKeys.forServer(bad.toString(), "", dataDir, false))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bad.pem");
      assertThatThrownBy(() -> SigningKeys.forServer("", bad.toString(), dataDir, false))
          .hasMessageContaining("bad.pem");
    }
  }

  @Test
  @DisplayName("verification keys are read without generating anything")
  void verificationOnly() throws Exception {
    SigningKeys none = SigningKeys.forVerification("", "", dataDir, List.of());
    assertThat(none.all()).isEmpty();
    assertThat(dataDir.resolve("keys")).doesNotExist();
    String id = SigningKeys.forServer("", "", dataDir, false).current().get().keyId();
    KeyPair extra = Ed25519Signatures.generate();
    Path p = writePublic(dataDir.resolve("auditor.pem"), extra);
    SigningKeys keys = SigningKeys.forVerification("", "", dataDir, List.of(p));
    assertThat(keys.publicKey(id)).isPresent();
    assertThat(keys.publicKey(Ed25519Signatures.keyId(extra.getPublic()))).isPresent();
    assertThatThrownBy(keys::privateKey).isInstanceOf(IllegalStateException.class);
  }
}
