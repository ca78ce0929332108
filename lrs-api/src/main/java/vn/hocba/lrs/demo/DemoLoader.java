package vn.hocba.lrs.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import vn.hocba.lrs.demo.SyntheticRun.Planned;
import vn.hocba.lrs.demo.SyntheticRun.RosterRow;
import vn.hocba.xapi.json.StrictJson;

/**
 * Sends a synthetic run through the public endpoints: roster CSV to {@code /api/programmes/{id}/
 * roster}, statements in batches to {@code POST /xapi/statements} from several clients at once.
 */
final class DemoLoader {

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final String base;
  private final String authorization;
  private final PrintStream out;

  DemoLoader(String endpoint, String user, String password, PrintStream out) {
    this.base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.out = out;
  }

  String base() {
    return base;
  }

  /** Waits until GET /xapi/about answers; false when the time ran out. */
  boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    do {
      try {
        if (get("/xapi/about").statusCode() == 200) {
          return true;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    return false;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        request(path).timeout(Duration.ofSeconds(60)).GET().build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** Imports roster rows in chunks (each chunk all or nothing); returns {rows, placed}. */
  long[] roster(String programme, List<RosterRow> rows, int chunk)
      throws IOException, InterruptedException {
    long placed = 0;
    for (int i = 0; i < rows.size(); i += chunk) {
      String body = SyntheticRun.csv(rows.subList(i, Math.min(rows.size(), i + chunk)));
      HttpResponse<String> r =
          http.send(
              request("/api/programmes/" + enc(programme) + "/roster")
                  .timeout(Duration.ofMinutes(5))
                  .header("Content-Type", "text/csv; charset=UTF-8")
                  .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (r.statusCode() / 100 != 2) {
        throw new IOException(
            "roster import answered " + r.statusCode() + ": " + excerpt(r.body()));
      }
      JsonNode answer = StrictJson.parse(r.body());
      placed += answer.path("placed").asLong();
    }
    return new long[] {rows.size(), placed};
  }

  /**
   * Posts the statements in order, {@code batch} per request, {@code clients} requests at a time;
   * prints progress every few seconds. Stops at the first failed request.
   */
  long post(SyntheticRun run, List<Planned> statements, int batch, int clients, String label)
      throws Exception {
    int batches = (statements.size() + batch - 1) / batch;
    AtomicInteger next = new AtomicInteger();
    AtomicLong sent = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(clients + 1);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        workers.add(
            pool.submit(
                () -> {
                  int b;
                  while (failure.get() == null && (b = next.getAndIncrement()) < batches) {
                    List<Planned> part =
                        statements.subList(b * batch, Math.min(statements.size(), (b + 1) * batch));
                    try {
                      postBatch(run, part);
                      sent.addAndGet(part.size());
                    } catch (Exception e) {
                      failure.compareAndSet(null, e);
                    }
                  }
                  return null;
                }));
      }
      Future<?> reporter =
          pool.submit(
              () -> {
                try {
                  while (true) {
                    Thread.sleep(10_000);
                    progress(label, sent.get(), statements.size(), t0);
                  }
                } catch (InterruptedException e) {
                  return null;
                }
              });
      for (Future<?> w : workers) {
        w.get();
      }
      reporter.cancel(true);
    } finally {
      pool.shutdownNow();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    progress(label, sent.get(), statements.size(), t0);
    return sent.get();
  }

  private void postBatch(SyntheticRun run, List<Planned> part) throws Exception {
    ArrayNode array = StrictJson.mapper().createArrayNode();
    part.forEach(s -> array.add(run.json(s)));
    byte[] body = StrictJson.mapper().writeValueAsBytes(array);
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        HttpResponse<String> r =
            http.send(
                request("/xapi/statements")
                    .timeout(Duration.ofMinutes(2))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
          throw new IOException(
              "POST /xapi/statements answered " + r.statusCode() + ": " + excerpt(r.body()));
        }
        return;
      } catch (java.net.ConnectException | java.net.http.HttpTimeoutException e) {
        // a resent batch is harmless: the same ids with the same statements are no-ops
        last = e;
        Thread.sleep(1000);
      }
    }
    throw last;
  }

  private void progress(String label, long sent, int total, long t0) {
    double seconds = (System.nanoTime() - t0) / 1e9;
    out.printf(
        Locale.ROOT,
        "  %s: %,d / %,d (%d %%), %.0f câu lệnh/giây · statements/s, %.0f s%n",
        label,
        sent,
        total,
        total == 0 ? 100 : sent * 100 / total,
        seconds > 0 ? sent / seconds : 0,
        seconds);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", authorization)
        .header("X-Experience-API-Version", "1.0.3");
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String excerpt(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "..." : body;
  }
}
