package dev.custody.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.error.InvalidInputException;
import dev.custody.store.LogStore;
import dev.custody.store.sqlite.SqliteLogStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-graph passes run one at a time, so that slow ones (tens of seconds at a million nodes)
 * never take every reader connection: a request that waits too long for the running one is answered
 * 429, and the next one runs once it is done.
 */
class GapServicePassesTest {

  @Test
  void aSecondPassWaitsForTheFirstAndIsRefusedWithTooManyRequestsAfterItsWait(@TempDir Path dir)
      throws Exception {
    CountDownLatch inPass = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (SqliteLogStore real = SqliteLogStore.open(dir.resolve("custody.db"))) {
      LogStore blocking =
          (LogStore)
              Proxy.newProxyInstance(
                  LogStore.class.getClassLoader(),
                  new Class<?>[] {LogStore.class},
                  (proxy, method, args) -> {
                    if (method.getName().equals("checkLinks")) {
                      inPass.countDown();
                      release.await(30, TimeUnit.SECONDS);
                    }
                    try {
                      return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
      GapService service = new GapService(blocking, Duration.ofMillis(200));

      CompletableFuture<Gaps> first = CompletableFuture.supplyAsync(service::summary);
      assertThat(inPass.await(10, TimeUnit.SECONDS)).isTrue();

      assertThatThrownBy(() -> service.coverage(null))
          .isInstanceOfSatisfying(
              InvalidInputException.class, e -> assertThat(e.status()).isEqualTo(429));

      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS).missing()).isZero();
      assertThat(service.coverage(null).overall().nodes()).isZero();
    }
  }
}
