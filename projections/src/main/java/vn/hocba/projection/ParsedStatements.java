package vn.hocba.projection;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import vn.hocba.xapi.json.StrictJson;

/**
 * The statements of recent events as parsed trees, shared by every read model that reads the same
 * event: the statement index, the catalog and the progress group (whose sequencing policy reads it
 * too) each parsed the same text, and those parses were a quarter of the statement index's samples
 * and a third of the catalog's in a profile of the ingestion benchmark.
 *
 * <p>Keyed by the text itself, so the tree is the one {@link StrictJson#parseStored} gives for it
 * whatever thread or event instance asks. Processors tailing the log get the same event object from
 * memory, so the key's hash is computed once. Trees are shared: callers only read them.
 */
public final class ParsedStatements {

  /** Recent texts held: more than the processors drift apart while they keep up with the log. */
  static final int HELD = 2048;

  private static final Map<String, JsonNode> TREES = new ConcurrentHashMap<>();
  private static final Queue<String> ORDER = new ConcurrentLinkedQueue<>();
  private static final AtomicInteger SIZE = new AtomicInteger();

  private ParsedStatements() {}

  /** The tree of a stored statement's text; read-only. */
  public static JsonNode of(String statement) {
    JsonNode tree = TREES.get(statement);
    if (tree != null) {
      return tree;
    }
    tree = StrictJson.parseStored(statement);
    if (TREES.putIfAbsent(statement, tree) == null) {
      ORDER.add(statement);
      if (SIZE.incrementAndGet() > HELD) {
        String oldest = ORDER.poll();
        if (oldest != null) {
          TREES.remove(oldest);
          SIZE.decrementAndGet();
        }
      }
    }
    return tree;
  }

  /** How many trees are held, for tests. */
  static int held() {
    return SIZE.get();
  }
}
