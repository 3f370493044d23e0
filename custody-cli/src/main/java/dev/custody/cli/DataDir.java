package dev.custody.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A Custody data directory: {@code custody.db} (SQLite), the signing key, and a lock file that
 * keeps a second server off the same log (one sequencer per log). The OS drops the lock when the
 * process dies, however it dies.
 */
final class DataDir implements AutoCloseable {
  static final String DB_FILE = "custody.db";

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private DataDir(Path dir, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  static DataDir lock(Path dir) {
    try {
      Files.createDirectories(dir);
      FileChannel ch =
          FileChannel.open(
              dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l = ch.tryLock();
      if (l == null) {
        ch.close();
        throw new CliException(
            "another custody process is using " + dir,
            "stop it, or give this one its own --data directory");
      }
      return new DataDir(dir, ch, l);
    } catch (IOException e) {
      throw new CliException(
          "cannot use data directory " + dir + ": " + e.getMessage(),
          "check that the directory is writable");
    }
  }

  Path path() {
    return dir;
  }

  Path db() {
    return dir.resolve(DB_FILE);
  }

  @Override
  public void close() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException ignored) {
      // The OS releases the lock with the process anyway.
    }
  }
}
