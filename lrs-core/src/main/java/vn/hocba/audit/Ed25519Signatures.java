package vn.hocba.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 (RFC 8032) with the JDK alone: key generation, signing, verification, PEM (PKCS#8 private
 * keys, X.509 SubjectPublicKeyInfo public keys, as {@code openssl genpkey -algorithm ed25519}
 * writes them) and the key id. Used by the LRS to sign checkpoints and by offline tools to check
 * them; depends on nothing beyond the JDK so that an auditor can reuse it as is.
 */
public final class Ed25519Signatures {

  public static final String ALGORITHM = "Ed25519";
  private static final String PRIVATE_PEM = "PRIVATE KEY";
  private static final String PUBLIC_PEM = "PUBLIC KEY";

  private Ed25519Signatures() {}

  /** A fresh key pair from the JDK's strong random source. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
    }
  }

  /** The 64-byte signature of {@code message}. */
  public static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initSign(key);
      s.update(message);
      return s.sign();
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("not an Ed25519 private key", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** True when {@code signature} is a valid signature of {@code message} by {@code key}. */
  public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (InvalidKeyException | SignatureException e) {
      return false; // a key of another algorithm or a malformed signature verifies nothing
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The key id: the first 16 lowercase hex characters (8 bytes) of the SHA-256 of the public key's
   * X.509 SubjectPublicKeyInfo encoding.
   */
  public static String keyId(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * The public key that belongs to a private key. A PKCS#8 file (as OpenSSL writes it) holds only
   * the 32-byte seed, and the JDK has no public API to derive the public point; its key pair
   * generator derives it from the seed it draws, so it is handed exactly this seed.
   */
  public static PublicKey publicKeyOf(PrivateKey key) {
    if (!(key instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
      throw new IllegalArgumentException("not an Ed25519 private key");
    }
    byte[] seed = ed.getBytes().get();
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(ALGORITHM);
      g.initialize(NamedParameterSpec.ED25519, new FixedSeed(seed));
      KeyPair pair = g.generateKeyPair();
      if (!Arrays.equals(pair.getPrivate().getEncoded(), key.getEncoded())) {
        throw new IllegalStateException("the JDK did not derive the key pair from the seed");
      }
      return pair.getPublic();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /** Parses a {@code -----BEGIN PRIVATE KEY-----} (PKCS#8) Ed25519 key. */
  public static PrivateKey parsePrivateKey(String pem) {
    try {
      return KeyFactory.getInstance(ALGORITHM)
          .generatePrivate(new PKCS8EncodedKeySpec(pemBody(pem, PRIVATE_PEM)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a PKCS#8 Ed25519 private key", e);
    }
  }

  /** Parses a {@code -----BEGIN PUBLIC KEY-----} (X.509 SubjectPublicKeyInfo) Ed25519 key. */
  public static PublicKey parsePublicKey(String pem) {
    return publicKeyFromX509(pemBody(pem, PUBLIC_PEM));
  }

  /** An Ed25519 public key from its X.509 SubjectPublicKeyInfo bytes. */
  public static PublicKey publicKeyFromX509(byte[] spki) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an X.509 Ed25519 public key", e);
    }
  }

  /** True when the PEM text holds a private key (rather than a public one). */
  public static boolean isPrivateKeyPem(String pem) {
    return pem.contains("-----BEGIN " + PRIVATE_PEM + "-----");
  }

  public static String privateKeyPem(PrivateKey key) {
    return pem(PRIVATE_PEM, key.getEncoded());
  }

  public static String publicKeyPem(PublicKey key) {
    return pem(PUBLIC_PEM, key.getEncoded());
  }

  private static String pem(String label, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  private static byte[] pemBody(String pem, String label) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("no " + label + " PEM block");
    }
    try {
      return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to).strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the " + label + " PEM block is not base64", e);
    }
  }

  /** Hands the key pair generator one given seed. */
  private static final class FixedSeed extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;

    FixedSeed(byte[] seed) {
      this.seed = seed;
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != seed.length) {
        throw new IllegalStateException("unexpected draw of " + bytes.length + " bytes");
      }
      System.arraycopy(seed, 0, bytes, 0, seed.length);
    }
  }
}
