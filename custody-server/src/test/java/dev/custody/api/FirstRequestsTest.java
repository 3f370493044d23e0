package dev.custody.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first requests a fresh server gets, all at once, are answered like any others. Javalin 7.2.3
 * builds a per-servlet configuration lazily, without a lock, at the first request; two first
 * requests at once could find it half made and answer 500 (seen once as a NullPointerException in
 * {@code JavalinServlet.getServletContextConfig} under the batch load generator). The window is a
 * few instructions wide, too narrow for a load test to hit on demand (480 concurrent first requests
 * on 30 fresh servers all passed without the fix), so this checks that the server has built it
 * before it takes a connection, which fails without the fix.
 */
class FirstRequestsTest {
  @TempDir Path dir;

  @Test
  void javalinsServletConfigurationIsBuiltBeforeTheFirstRequest() throws Exception {
    try (TestServer server = new TestServer(dir)) {
      assertThat(ApiServer.servletConfigBuilt(server.server.app())).isTrue();
    }
  }
}
