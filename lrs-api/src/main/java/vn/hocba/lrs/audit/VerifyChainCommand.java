package vn.hocba.lrs.audit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import vn.hocba.checkpoints.Checkpoints;
import vn.hocba.eventlog.ChainReport;
import vn.hocba.eventlog.ChainVerifier;
import vn.hocba.eventlog.MongoEventLog;
import vn.hocba.lrs.cli.Cli;
import vn.hocba.lrs.store.EmbeddedStore;
import vn.hocba.lrs.store.Store;
import vn.hocba.xapi.json.StrictJson;

/**
 * {@code java -jar lrs.jar verify-chain [options]}: reads the event log straight from MongoDB,
 * recomputes the hash chain and checks every signed checkpoint; exit 0 when intact, 1 when not, 2
 * when it cannot run. The embedded H2 store is a single-process file: stop the LRS first, or call
 * {@code GET /admin/chain/verify} on the running LRS instead.
 */
public final class VerifyChainCommand implements Cli.Command {

  @Override
  public String summary() {
    return "verifies the event log's hash chain and signed checkpoints (docs/tamper-evidence.md)";
  }

  private static final String USAGE =
      """
      usage: verify-chain [--mongodb-uri URI | --data-dir DIR] [--database NAME]
                          [--from POSITION] [--to POSITION] [--expect POSITION:HASH]...
                          [--public-key PEM_FILE]... [--json]
        Without --mongodb-uri, reads LRS_MONGODB_URI, else the embedded store in --data-dir
        (LRS_DATA_DIR, default ./data), which the LRS must not have open: stop it first.
        Public keys: LRS_SIGNING_KEY_FILE, LRS_SIGNING_RETIRED_KEYS, <data-dir>/keys, --public-key.
        --expect adds a hash you recorded earlier (e.g. from a checkpoint) as a witness.""";

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    String uri = System.getenv("LRS_MONGODB_URI");
    String dataDir = System.getenv().getOrDefault("LRS_DATA_DIR", "./data");
    String database = "hocba";
    long from = 0;
    long to = Long.MAX_VALUE;
    boolean json = false;
    List<ChainReport.Witness> expected = new ArrayList<>();
    List<Path> publicKeys = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--mongodb-uri" -> uri = value(args, ++i, a);
        case "--data-dir" -> {
          dataDir = value(args, ++i, a);
          uri = null;
        }
        case "--database" -> database = value(args, ++i, a);
        case "--from" -> from = number(value(args, ++i, a), a);
        case "--to" -> to = number(value(args, ++i, a), a);
        case "--expect" -> expected.add(witness(value(args, ++i, a)));
        case "--public-key" -> publicKeys.add(Path.of(value(args, ++i, a)));
        case "--json" -> json = true;
        case "--help", "-h" -> {
          out.println(USAGE);
          return 0;
        }
        default -> throw new Cli.UsageException("unknown option " + a + "\n" + USAGE);
      }
    }
    if (to < from) {
      throw new Cli.UsageException("--to must not be before --from");
    }
    boolean embedded = uri == null || uri.isBlank();
    if (embedded && !Files.exists(Path.of(dataDir, "hocba.mv"))) {
      throw new Cli.UsageException(
          "không có kho dữ liệu / no embedded store at " + Path.of(dataDir, "hocba.mv"));
    }
    SigningKeys keys =
        SigningKeys.forVerification(
            System.getenv("LRS_SIGNING_KEY_FILE"),
            System.getenv("LRS_SIGNING_RETIRED_KEYS"),
            Path.of(dataDir),
            publicKeys);
    Store store;
    try {
      store = Store.open(uri, database, "h2", dataDir, 64);
    } catch (EmbeddedStore.StoreInUseException e) {
      throw new Cli.UsageException(
          "kho nhúng đang được tiến trình khác mở (LRS đang chạy?): hãy dừng LRS, hoặc gọi GET"
              + " /admin/chain/verify / the embedded store is open in another process (is the"
              + " LRS running?): stop it first, or call GET /admin/chain/verify");
    }
    try (store) {
      err.println("verify-chain: " + store.description() + "; keys " + keys);
      Serializer serializer = serializer();
      MongoEventLog log = new MongoEventLog(store.database(), serializer);
      List<ChainReport.Witness> witnesses = new ArrayList<>(expected);
      witnesses.addAll(
          AuditResources.witnesses(
              null, new Checkpoints(store.database()), store.database(), serializer));
      ChainReport report = new ChainVerifier(log, keys::publicKey).verify(from, to, witnesses);
      if (json) {
        out.println(StrictJson.write(AuditJson.report(report, witnesses)));
      } else {
        out.print(AuditJson.text(report));
      }
      return report.intact() ? 0 : 1;
    } catch (IllegalArgumentException e) {
      throw new Cli.UsageException(e.getMessage());
    }
  }

  /** Reads events as the LRS's Axon serializer wrote them (Spring Boot's Jackson defaults). */
  public static Serializer serializer() {
    return JacksonSerializer.builder()
        .objectMapper(
            JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build())
        .build();
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new Cli.UsageException(option + " needs a value");
    }
    return args.get(i);
  }

  private static long number(String v, String option) {
    try {
      long n = Long.parseLong(v);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new Cli.UsageException(option + " must be a non-negative integer");
  }

  private static ChainReport.Witness witness(String v) {
    int colon = v.indexOf(':');
    if (colon <= 0 || !v.substring(colon + 1).matches("[0-9a-f]{64}")) {
      throw new Cli.UsageException("--expect takes POSITION:HASH (64 lowercase hex)");
    }
    return new ChainReport.Witness(
        "--expect", number(v.substring(0, colon), "--expect"), v.substring(colon + 1));
  }
}
