package vn.hocba.lrs.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.hocba.audit.Ed25519Signatures;

/**
 * The Ed25519 keys of the checkpoints (docs/tamper-evidence.md). The current key signs; retired
 * keys only verify, so that checkpoints signed before a rotation stay verifiable.
 *
 * <ul>
 *   <li>current: the PKCS#8 PEM file {@code LRS_SIGNING_KEY_FILE}; without it {@code
 *       <data-dir>/keys/checkpoint-signing-key.pem}, generated (mode 600) on first start;
 *   <li>retired: every public (or private) key PEM named in {@code LRS_SIGNING_RETIRED_KEYS} (comma
 *       list), in {@code <data-dir>/keys/retired/}, and the generated key's public half when a key
 *       file has replaced it.
 * </ul>
 */
public final class SigningKeys {

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
  static final String GENERATED = "checkpoint-signing-key.pem";
  static final String GENERATED_PUBLIC = "checkpoint-signing-key.pub.pem";
  static final String RETIRED_DIR = "retired";

  /** Whether a key signs new checkpoints or only verifies old ones. */
  public enum Status {
    CURRENT,
    RETIRED
  }

  /** A public key as it is published. */
  public record Key(String keyId, PublicKey publicKey, Status status) {}

  private final PrivateKey signingKey;
  private final Map<String, Key> byId;

  private SigningKeys(PrivateKey signingKey, Map<String, Key> byId) {
    this.signingKey = signingKey;
    this.byId = byId;
  }

  /**
   * The server's keys: loads the signing key, or generates and stores one when no key file is set
   * and none was generated before.
   *
   * @param keyFile {@code LRS_SIGNING_KEY_FILE}, or blank
   * @param retired {@code LRS_SIGNING_RETIRED_KEYS}, a comma list of PEM files, or blank
   * @param externalStore true with {@code LRS_MONGODB_URI}: a generated key is then a warning
   */
  static SigningKeys forServer(String keyFile, String retired, Path dataDir, boolean externalStore)
      throws IOException {
    Path keys = dataDir.resolve("keys");
    PrivateKey signing;
    if (keyFile != null && !keyFile.isBlank()) {
      Path file = Path.of(keyFile.strip());
      signing = readPrivate(file);
      warnIfReadableByOthers(file);
    } else {
      Path file = keys.resolve(GENERATED);
      if (Files.exists(file)) {
        signing = readPrivate(file);
        warnIfReadableByOthers(file);
      } else {
        signing = generate(keys);
        log.info("generated the checkpoint signing key at {}", file);
      }
      if (externalStore) {
        log.warn(
            "LRS_SIGNING_KEY_FILE is not set: checkpoints are signed with {}. In production set"
                + " LRS_SIGNING_KEY_FILE to a key kept and backed up outside the data directory"
                + " (docs/tamper-evidence.md)",
            file);
      }
    }
    PublicKey current = Ed25519Signatures.publicKeyOf(signing);
    Map<String, Key> byId = new LinkedHashMap<>();
    String id = Ed25519Signatures.keyId(current);
    byId.put(id, new Key(id, current, Status.CURRENT));
    addRetired(byId, retired, keys);
    log.info("checkpoint signing key {}; {} retired key(s)", id, byId.size() - 1);
    return new SigningKeys(signing, byId);
  }

  /**
   * Public keys only, for commands that verify: the same settings as the server, plus {@code extra}
   * public key files; nothing is generated.
   */
  public static SigningKeys forVerification(
      String keyFile, String retired, Path dataDir, List<Path> extra) throws IOException {
    Map<String, Key> byId = new LinkedHashMap<>();
    Path keys = dataDir.resolve("keys");
    if (keyFile != null && !keyFile.isBlank()) {
      PublicKey k = Ed25519Signatures.publicKeyOf(readPrivate(Path.of(keyFile.strip())));
      byId.put(Ed25519Signatures.keyId(k), new Key(Ed25519Signatures.keyId(k), k, Status.CURRENT));
    } else if (Files.exists(keys.resolve(GENERATED))) {
      PublicKey k = Ed25519Signatures.publicKeyOf(readPrivate(keys.resolve(GENERATED)));
      byId.put(Ed25519Signatures.keyId(k), new Key(Ed25519Signatures.keyId(k), k, Status.CURRENT));
    }
    addRetired(byId, retired, keys);
    for (Path p : extra) {
      add(byId, p, Status.RETIRED);
    }
    return new SigningKeys(null, byId);
  }

  /** The key that signs new checkpoints. */
  PrivateKey privateKey() {
    if (signingKey == null) {
      throw new IllegalStateException("these keys are for verification only");
    }
    return signingKey;
  }

  /**
   * Signs with the current key, for other signed documents of the LRS (completion certificates).
   * The message must name what it is (a type member, as checkpoints do with {@code
   * hocba.chain-checkpoint/1}) so that no signature can be taken for another kind of document.
   */
  public byte[] sign(byte[] message) {
    return Ed25519Signatures.sign(privateKey(), message);
  }

  /** The current key, if there is one. */
  public Optional<Key> current() {
    return byId.values().stream().filter(k -> k.status() == Status.CURRENT).findFirst();
  }

  /** Current first, then retired. */
  public List<Key> all() {
    return List.copyOf(byId.values());
  }

  public Optional<PublicKey> publicKey(String keyId) {
    return Optional.ofNullable(byId.get(keyId)).map(Key::publicKey);
  }

  @Override
  public String toString() {
    return "SigningKeys" + byId.keySet(); // never the private key
  }

  private static void addRetired(Map<String, Key> byId, String retired, Path keys)
      throws IOException {
    if (retired != null) {
      for (String f : retired.split(",")) {
        if (!f.isBlank()) {
          add(byId, Path.of(f.strip()), Status.RETIRED);
        }
      }
    }
    Path dir = keys.resolve(RETIRED_DIR);
    if (Files.isDirectory(dir)) {
      List<Path> files = new ArrayList<>();
      try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.pem")) {
        s.forEach(files::add);
      }
      files.sort(null);
      for (Path p : files) {
        add(byId, p, Status.RETIRED);
      }
    }
    Path generatedPublic = keys.resolve(GENERATED_PUBLIC);
    if (Files.exists(generatedPublic)) {
      add(byId, generatedPublic, Status.RETIRED); // a no-op while it is the current key
    }
  }

  private static void add(Map<String, Key> byId, Path file, Status status) throws IOException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    PublicKey k;
    try {
      k =
          Ed25519Signatures.isPrivateKeyPem(pem)
              ? Ed25519Signatures.publicKeyOf(Ed25519Signatures.parsePrivateKey(pem))
              : Ed25519Signatures.parsePublicKey(pem);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
    String id = Ed25519Signatures.keyId(k);
    byId.putIfAbsent(id, new Key(id, k, status));
  }

  private static PrivateKey readPrivate(Path file) throws IOException {
    try {
      return Ed25519Signatures.parsePrivateKey(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          file + " is not a PKCS#8 PEM Ed25519 private key (openssl genpkey -algorithm ed25519)",
          e);
    }
  }

  /** Writes a new key pair under {@code keys}: the private key readable by its owner only. */
  private static PrivateKey generate(Path keys) throws IOException {
    boolean posix = keys.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (posix) {
      Files.createDirectories(
          keys, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(keys);
    }
    KeyPair pair = Ed25519Signatures.generate();
    Path file = keys.resolve(GENERATED);
    byte[] pem =
        Ed25519Signatures.privateKeyPem(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII);
    try {
      if (posix) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
        log.warn("{}: this file system has no POSIX permissions; restrict access to it", file);
      }
    } catch (FileAlreadyExistsException e) {
      return readPrivate(file); // another process generated it meanwhile
    }
    Files.write(file, pem);
    Files.writeString(
        keys.resolve(GENERATED_PUBLIC),
        Ed25519Signatures.publicKeyPem(pair.getPublic()),
        StandardCharsets.US_ASCII);
    return pair.getPrivate();
  }

  private static void warnIfReadableByOthers(Path file) {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      if (p.contains(PosixFilePermission.GROUP_READ)
          || p.contains(PosixFilePermission.OTHERS_READ)) {
        log.warn("{} is readable by others than its owner; chmod 600 it", file);
      }
    } catch (UnsupportedOperationException | IOException e) {
      // no POSIX permissions to check here
    }
  }
}
