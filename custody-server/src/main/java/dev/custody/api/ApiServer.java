package dev.custody.api;

import dev.custody.ingest.RecordParser;
import dev.custody.ingest.nativerecord.NativeRecordParser;
import dev.custody.query.GapService;
import dev.custody.query.GraphQualityMonitor;
import dev.custody.query.LineageService;
import dev.custody.service.LogService;
import io.javalin.Javalin;
import java.util.List;

/**
 * Custody's HTTP server: routes, and the one place errors become problem+json. Starts on {@link
 * #start()}, stops on {@link #close()} (the {@link LogService} is closed by its owner).
 */
public final class ApiServer implements AutoCloseable {
  private final Javalin app;
  private final GraphQualityMonitor quality;

  public ApiServer(LogService log, ApiConfig config) {
    this(log, config, AttestationConfig.defaults());
  }

  /** A server whose {@code POST /v1/attestations} verifies against {@code attestations}. */
  public ApiServer(LogService log, ApiConfig config, AttestationConfig attestations) {
    byte[] openApi = openApiDocument();
    byte[] recordSchema = recordSchema();
    Problems problems = new Problems(Json.MAPPER, log.metrics());
    MetricsRoutes metrics = new MetricsRoutes(log.metrics());
    HealthRoutes health = new HealthRoutes(log, problems);
    RecordRoutes records =
        new RecordRoutes(log, new RecordParser(config.limits()), config.waitTimeout());
    LogRoutes logRoutes = new LogRoutes(log);
    LineageService lineage = new LineageService(log.store());
    GraphRoutes graph = new GraphRoutes(lineage);
    ProvRoutes prov =
        new ProvRoutes(log, new RecordParser(config.limits()), lineage, config.waitTimeout());
    OpenLineageRoutes openLineage =
        new OpenLineageRoutes(log, new RecordParser(config.limits()), config.waitTimeout());
    MarquezRoutes marquez = new MarquezRoutes(log.store());
    AttestationRoutes attest =
        new AttestationRoutes(
            log, config.limits(), attestations, config.waitTimeout(), java.time.Clock.systemUTC());
    SbomRoutes sboms = new SbomRoutes(log, config.limits().maxRequestBytes(), config.waitTimeout());
    ExploreRoutes explore =
        new ExploreRoutes(
            new dev.custody.query.PathService(log.store()),
            new dev.custody.query.NodeSearch(log.store()));
    GapService gapService = new GapService(log.store());
    GapRoutes gaps = new GapRoutes(gapService);
    this.quality = new GraphQualityMonitor(log.store(), gapService, config.qualityRefresh());
    log.metrics()
        .graphQualityGauges(
            () -> quality.latest().map(q -> q.gaps().rate()).orElse(Double.NaN),
            GraphQualityMonitor.gapKinds(),
            kind -> quality.latest().map(q -> (double) q.missing(kind)).orElse(Double.NaN),
            GraphQualityMonitor.coverageCategories(),
            category -> quality.latest().map(q -> q.coverageRatio(category)).orElse(Double.NaN));
    DiffRoutes diff = new DiffRoutes(new dev.custody.query.LineageDiffService(lineage));
    ArtifactRoutes artifacts =
        new ArtifactRoutes(
            new dev.custody.query.ProvenanceService(
                log.store(), r -> ArtifactRoutes.loggedVerdict(r, log.store()::payload)),
            new dev.custody.query.ImpactService(log.store()));
    this.app =
        Javalin.create(c -> {
          c.jetty.host = config.bind();
          c.jetty.port = config.port();
          c.concurrency.useVirtualThreads = true;
          c.startup.showJavalinBanner = false;
          // One byte over the limit so that our own check answers with a problem naming the
          // limit; Javalin's check is the backstop for bodies without a Content-Length.
          c.http.maxRequestSize = config.limits().maxRequestBytes() + 1L;
          c.http.prefer405over404 = true;
          // Javalin copies each response through a buffer of this size, allocated per response;
          // its default, Jetty's 32 KiB output buffer, was a third of what a small POST allocated.
          c.http.responseBufferSize = 4096;
          c.jetty.modifyServletContextHandler(h -> h.setErrorHandler(new JettyProblemHandler()));

          c.routes.post("/v1/records", records::post);
          c.routes.get("/v1/records", records::getByQuery);
          c.routes.get("/v1/records/{id}", records::getById);
          c.routes.get("/v1/payloads/{digest}", records::getPayload);

          // <id>: node ids hold slashes (IRIs, image references); send them percent-encoded.
          c.routes.get("/v1/nodes/<id>", graph::node);
          c.routes.get("/v1/lineage", graph::lineage);
          c.routes.post("/v1/prov", prov::post);
          c.routes.get("/v1/prov", prov::export);
          c.routes.get("/v1/paths", explore::paths);
          c.routes.get("/v1/search", explore::search);
          c.routes.get("/v1/gaps", gaps::gaps);
          c.routes.get("/v1/coverage", gaps::coverage);
          c.routes.get("/v1/diff", diff::diff);
          c.routes.get("/v1/artifacts/<digest>/provenance", artifacts::provenance);
          c.routes.get("/v1/impact", artifacts::impact);

          c.routes.post("/v1/attestations", attest::post);
          c.routes.post("/v1/sboms", sboms::post);

          c.routes.post("/api/v1/lineage", openLineage::post);
          c.routes.get("/api/v1/lineage", marquez::lineage);
          c.routes.get("/api/v1/column-lineage", marquez::columnLineage);
          c.routes.get("/api/v1/namespaces", marquez::namespaces);
          c.routes.get("/api/v1/namespaces/{namespace}/jobs", marquez::jobs);
          c.routes.get("/api/v1/namespaces/{namespace}/jobs/{job}", marquez::job);
          c.routes.get("/api/v1/namespaces/{namespace}/jobs/{job}/runs", marquez::runs);
          c.routes.get("/api/v1/jobs/runs/{id}", marquez::run);
          c.routes.get("/api/v1/namespaces/{namespace}/datasets", marquez::datasets);
          c.routes.get("/api/v1/namespaces/{namespace}/datasets/{dataset}", marquez::dataset);
          c.routes.get(
              "/api/v1/namespaces/{namespace}/datasets/{dataset}/versions", marquez::versions);
          c.routes.get("/api/v1/search", marquez::search);

          c.routes.get("/v1/log/key", logRoutes::key);
          c.routes.get("/v1/log/checkpoint", logRoutes::latest);
          c.routes.get("/v1/log/checkpoints", logRoutes::checkpoints);
          c.routes.get("/v1/log/proof/inclusion", logRoutes::inclusion);
          c.routes.get("/v1/log/proof/consistency", logRoutes::consistency);

          c.routes.get("/checkpoint", logRoutes::checkpoint);
          c.routes.get("/tile/<path>", logRoutes::tile);

          c.routes.get("/healthz", ctx -> ctx.result("ok"));
          c.routes.get("/readyz", health::ready);
          c.routes.get("/metrics", metrics::scrape);
          c.routes.before(metrics::before);
          c.routes.after(metrics::after);
          c.routes.get(
              "/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
          c.routes.get(
              "/v1/schemas/record.json",
              ctx -> ctx.contentType("application/schema+json").result(recordSchema));

          c.routes.exception(Exception.class, problems::handle);
          c.routes.error(
              404,
              ctx -> {
                if (!isProblem(ctx.res().getContentType())) {
                  problems.write(
                      ctx,
                      404,
                      "not-found",
                      "no route for " + ctx.method() + " " + ctx.path(),
                      null);
                }
              });
          c.routes.error(
              405,
              ctx -> {
                if (!isProblem(ctx.res().getContentType())) {
                  problems.write(
                      ctx,
                      405,
                      "method-not-allowed",
                      ctx.method() + " is not allowed on " + ctx.path(),
                      null);
                }
              });
        });
    // Requests Jetty refuses before routing (a malformed URI) get problem+json too. Javalin
    // installs its own server error handler, so ours goes in after creation.
    app.jettyServer().server().setErrorHandler(new JettyProblemHandler());
    buildServletConfig(app);
  }

  /**
   * Javalin 7.2.3 builds its servlet's per-request configuration at the first request, in a Kotlin
   * {@code lazy} without a lock ({@code LazyThreadSafetyMode.NONE}): two first requests at once can
   * find it half made, and one is answered 500 (a NullPointerException in {@code
   * JavalinServlet.getServletContextConfig}, seen under the batch load generator). Building it
   * here, on one thread before the server takes a connection, closes that window. Javalin offers no
   * call for it, so the field is read by reflection; a Javalin without it is left as it is, with a
   * warning, and {@code FirstRequestsTest} says so.
   */
  static void buildServletConfig(Javalin app) {
    try {
      for (kotlin.Lazy<?> lazy : servletLazies(app)) {
        lazy.getValue();
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(ApiServer.class)
          .warn("could not build Javalin's servlet configuration before the first request", e);
    }
  }

  /** Whether {@link #buildServletConfig} built it (for tests). */
  static boolean servletConfigBuilt(Javalin app) throws ReflectiveOperationException {
    List<kotlin.Lazy<?>> lazies = servletLazies(app);
    return !lazies.isEmpty() && lazies.stream().allMatch(kotlin.Lazy::isInitialized);
  }

  /**
   * The {@code by lazy} delegates of Javalin's Jetty servlet and of the HTTP servlet inside it
   * ({@code JavalinJettyServlet.httpServlet}): each builds its {@code servletContextConfig}.
   */
  private static List<kotlin.Lazy<?>> servletLazies(Javalin app)
      throws ReflectiveOperationException {
    List<kotlin.Lazy<?>> lazies = new java.util.ArrayList<>();
    Object outer = app.javalinServlet();
    List<Object> servlets = new java.util.ArrayList<>(List.of(outer));
    for (java.lang.reflect.Field f : outer.getClass().getDeclaredFields()) {
      if (f.getType() == io.javalin.http.servlet.JavalinServlet.class) {
        f.setAccessible(true);
        servlets.add(f.get(outer));
      }
    }
    for (Object servlet : servlets) {
      for (java.lang.reflect.Field f : servlet.getClass().getDeclaredFields()) {
        if (f.getType() == kotlin.Lazy.class && f.getName().endsWith("$delegate")) {
          f.setAccessible(true);
          lazies.add((kotlin.Lazy<?>) f.get(servlet));
        }
      }
    }
    return lazies;
  }

  /** The Javalin app (for tests). */
  Javalin app() {
    return app;
  }

  /** The OpenAPI document describing every route, served at {@code /v1/openapi.json}. */
  public static byte[] openApiDocument() {
    return resource("openapi.json");
  }

  /** The JSON Schema of a native record, served at {@code /v1/schemas/record.json}. */
  public static byte[] recordSchema() {
    return resource(NativeRecordParser.SCHEMA_RESOURCE);
  }

  private static byte[] resource(String name) {
    try (var in = ApiServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean isProblem(String contentType) {
    return contentType != null && contentType.startsWith(Problems.CONTENT_TYPE);
  }

  public ApiServer start() {
    app.start();
    quality.start();
    return this;
  }

  /** The port the server listens on (useful when configured with port 0). */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    quality.close();
    app.stop();
  }
}
