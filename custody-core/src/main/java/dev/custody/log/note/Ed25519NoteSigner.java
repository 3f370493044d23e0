package dev.custody.log.note;

import dev.custody.error.InternalException;
import dev.custody.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Signs notes with an Ed25519 key (signature type {@code 0x01}), and carries the key in the private
 * key format of Go's {@code golang.org/x/mod/sumdb/note}: {@code PRIVATE+KEY+<name>+<hex8 key
 * hash>+<base64(0x01 || 32-byte seed)>}.
 *
 * <p>Immutable and thread safe. {@link #toString()} never shows the private key; {@link
 * #privateKey()} does, so treat its result as a secret.
 */
public final class Ed25519NoteSigner {
  private static final String PRIVATE_PREFIX = "PRIVATE+KEY+";
  private static final String FIELD = "skey";

  /** DER of a PKCS#8 Ed25519 private key, up to the 32-byte seed. */
  private static final byte[] PKCS8_PREFIX =
      HexFormat.of().parseHex("302e020100300506032b657004220420");

  private final String name;
  private final byte[] seed;
  private final PrivateKey privateKey;
  private final Ed25519NoteVerifier verifier;

  private Ed25519NoteSigner(String name, KeyPair pair) {
    this.name = name;
    this.seed = strip(pair.getPrivate().getEncoded(), PKCS8_PREFIX, "PKCS#8 private key");
    this.privateKey = pair.getPrivate();
    byte[] pub = strip(pair.getPublic().getEncoded(), Ed25519NoteVerifier.X509_PREFIX, "X.509 key");
    try {
      this.verifier = new Ed25519NoteVerifier(name, pub);
    } catch (GeneralSecurityException e) {
      throw new InternalException("the JDK produced an unusable Ed25519 public key", e);
    }
  }

  /** Generates a new key named {@code name} from a fresh {@link SecureRandom}. */
  public static Ed25519NoteSigner generate(String name) {
    return generate(name, new SecureRandom());
  }

  /**
   * Generates a new key named {@code name}, drawing its 32-byte seed from {@code random}.
   *
   * @throws IllegalArgumentException if {@code name} is not a valid key name
   */
  public static Ed25519NoteSigner generate(String name, SecureRandom random) {
    String problem = NoteEncoding.keyNameProblem(name);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return new Ed25519NoteSigner(name, keyPair(random));
  }

  /**
   * Imports a private key string as written by {@link #privateKey()} or Go's {@code
   * note.GenerateKey}.
   *
   * @throws InvalidInputException (field {@code skey}) if it is malformed, not type {@code 0x01},
   *     or its key hash does not match the key; the message never contains key material
   */
  public static Ed25519NoteSigner fromPrivateKey(String skey) {
    if (!skey.startsWith(PRIVATE_PREFIX)) {
      throw bad("private key must start with " + PRIVATE_PREFIX);
    }
    String rest = skey.substring(PRIVATE_PREFIX.length());
    int plus1 = rest.indexOf('+');
    int plus2 = plus1 < 0 ? -1 : rest.indexOf('+', plus1 + 1);
    if (plus2 < 0) {
      throw bad("private key must be PRIVATE+KEY+<name>+<hex key hash>+<base64 key>");
    }
    String name = rest.substring(0, plus1);
    String problem = NoteEncoding.keyNameProblem(name);
    if (problem != null) {
      throw bad(problem);
    }
    int declared = NoteEncoding.hex8(rest.substring(plus1 + 1, plus2), FIELD);
    byte[] typed;
    try {
      typed = NoteEncoding.base64(rest.substring(plus2 + 1), FIELD, "private key");
    } catch (InvalidInputException e) {
      throw bad(e.detail());
    }
    if (typed.length != 1 + Ed25519NoteVerifier.KEY_SIZE || typed[0] != Ed25519NoteVerifier.TYPE) {
      throw bad("private key must be type 0x01 (Ed25519) followed by a 32-byte seed");
    }
    byte[] seed = Arrays.copyOfRange(typed, 1, typed.length);
    Ed25519NoteSigner signer = new Ed25519NoteSigner(name, keyPair(new FixedSeed(seed)));
    if (!Arrays.equals(signer.seed, seed)) {
      throw new InternalException("the JDK did not derive the Ed25519 key from the given seed");
    }
    if (signer.keyHash() != declared) {
      throw bad(
          "key hash "
              + NoteEncoding.hex8(declared)
              + " does not match the key (computed "
              + NoteEncoding.hex8(signer.keyHash())
              + ")");
    }
    return signer;
  }

  private static KeyPair keyPair(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      g.initialize(NamedParameterSpec.ED25519, random);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new InternalException("Ed25519 is unavailable in this JDK", e);
    }
  }

  private static byte[] strip(byte[] der, byte[] prefix, String what) {
    byte[] raw = NoteEncoding.stripPrefix(der, prefix);
    if (raw == null || raw.length != Ed25519NoteVerifier.KEY_SIZE) {
      throw new InternalException("unexpected JDK encoding of an Ed25519 " + what);
    }
    return raw;
  }

  private static InvalidInputException bad(String detail) {
    return InvalidInputException.badRequest(FIELD, detail);
  }

  /** The key name. */
  public String name() {
    return name;
  }

  /** The key hash, {@code SHA-256(name || 0x0A || 0x01 || public key)[:4]}. */
  public int keyHash() {
    return verifier.keyHash();
  }

  /** The verifier for this key. */
  public Ed25519NoteVerifier verifier() {
    return verifier;
  }

  /** The verifier key string {@code <name>+<hex8>+<base64(0x01 || public key)>}. */
  public String verifierKey() {
    return verifier.verifierKey();
  }

  /** The private key string {@code PRIVATE+KEY+<name>+<hex8>+<base64(0x01 || seed)>}. Secret. */
  public String privateKey() {
    byte[] typed = new byte[1 + seed.length];
    typed[0] = Ed25519NoteVerifier.TYPE;
    System.arraycopy(seed, 0, typed, 1, seed.length);
    return PRIVATE_PREFIX
        + name
        + "+"
        + NoteEncoding.hex8(keyHash())
        + "+"
        + NoteEncoding.base64(typed);
  }

  /** The 64-byte Ed25519 signature of {@code text} (deterministic, RFC 8032). */
  public byte[] sign(byte[] text) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(privateKey);
      s.update(text);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new InternalException("Ed25519 signing failed", e);
    }
  }

  /** The signature line for a note with {@code text} (including its final newline). */
  public NoteSignature signature(String text) {
    return new NoteSignature(name, keyHash(), sign(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** A note with {@code text} signed by this key alone. */
  public Note signNote(String text) {
    return new Note(text, List.of(signature(text)));
  }

  @Override
  public String toString() {
    return "Ed25519NoteSigner[" + name + "+" + NoteEncoding.hex8(keyHash()) + "]";
  }

  /**
   * Hands the JDK's Ed25519 key generator a given seed: the generator draws exactly the 32 seed
   * bytes from its random source, which is the only JDK path from a seed to its public key. The
   * caller checks that the resulting private key holds this seed.
   */
  private static final class FixedSeed extends SecureRandom {
    private final byte[] seed;

    FixedSeed(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != seed.length) {
        throw new IllegalStateException("expected a request for " + seed.length + " bytes");
      }
      System.arraycopy(seed, 0, bytes, 0, seed.length);
    }
  }
}
