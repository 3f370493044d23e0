package dev.custody.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.log.note.Ed25519NoteSigner;
import dev.custody.model.CanonicalRecord;
import dev.custody.store.sqlite.SqliteLogStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LogService#readiness()}: store, sequencer, and checkpoints keeping up with commits. */
class ReadinessTest {
  /** A clock the test moves; the sequencer sees the same time. */
  static final class MovableClock extends Clock {
    volatile Instant now = Instant.parse("2026-11-25T12:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @TempDir Path dir;
  final MovableClock clock = new MovableClock();
  LogService log;

  @BeforeEach
  void open() {
    // An hour between checkpoints in real time, so the sequencer signs none during the test.
    log =
        new LogService(
            SqliteLogStore.open(dir.resolve("custody.db")),
            new Ed25519CheckpointSigner(Ed25519NoteSigner.generate("test/log")),
            LogConfig.DEFAULTS.withCheckpointInterval(Duration.ofHours(1)),
            clock);
  }

  @AfterEach
  void close() {
    log.close();
  }

  private void appendOne() throws Exception {
    log.append(List.of(CanonicalRecord.of("{\"n\":1}".getBytes(StandardCharsets.UTF_8))))
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void aFreshLogIsReady() {
    assertThat(log.readiness().problems()).isEmpty();
  }

  @Test
  void aCommitWaitingLessThanFiveIntervalsForItsCheckpointIsReady() throws Exception {
    appendOne();
    clock.now = clock.now.plus(Duration.ofHours(4));

    LogService.Readiness r = log.readiness();

    assertThat(r.ready()).isTrue();
    assertThat(r.logSize()).isEqualTo(1);
    assertThat(r.checkpointSize()).isZero();
  }

  @Test
  void aCommitWaitingMoreThanFiveIntervalsForItsCheckpointIsNotReady() throws Exception {
    appendOne();
    clock.now = clock.now.plus(Duration.ofHours(6));

    assertThat(log.readiness().problems())
        .singleElement()
        .asString()
        .contains("have no checkpoint yet");
  }

  @Test
  void aClosedServiceIsNotReady() {
    log.close();

    assertThat(log.readiness().problems())
        .contains("the sequencer is not running", "the store does not answer");
  }
}
