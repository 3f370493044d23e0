package dev.custody.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.error.InvalidInputException;
import dev.custody.log.note.Ed25519NoteSigner;
import dev.custody.log.note.NoteVerifiers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {
  @TempDir Path dir;

  @Test
  void theFirstStartGeneratesAKeyReadableByTheOwnerOnly() throws Exception {
    Ed25519NoteSigner key = SigningKeys.loadOrCreate(dir, "example.com/log");
    Path priv = dir.resolve(SigningKeys.PRIVATE_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)))
        .isEqualTo("rw-------");
    assertThat(key.name()).isEqualTo("example.com/log");
    String vkey = Files.readString(dir.resolve(SigningKeys.PUBLIC_FILE)).trim();
    assertThat(NoteVerifiers.parse(vkey).name()).isEqualTo("example.com/log");
    assertThat(vkey).isEqualTo(key.verifierKey());
  }

  @Test
  void laterStartsLoadTheSameKey() {
    Ed25519NoteSigner first = SigningKeys.loadOrCreate(dir, null);
    Ed25519NoteSigner again = SigningKeys.loadOrCreate(dir, null);
    assertThat(again.verifierKey()).isEqualTo(first.verifierKey());
    assertThat(first.name()).startsWith("localhost/custody/");
  }

  @Test
  void anOriginDifferentFromTheLogsIsRefused() {
    SigningKeys.loadOrCreate(dir, "a.example/log");
    assertThatThrownBy(() -> SigningKeys.loadOrCreate(dir, "b.example/log"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("a.example/log")
        .hasMessageContaining("cannot change");
  }
}
