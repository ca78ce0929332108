package vn.hocba.projection;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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

  /**
   * At most this many characters of text held, so that large statements (an LRS accepts them up to
   * its request limit) cannot make the trees take much memory: a tree takes several times its text.
   * The benchmark's statements are under 1,000 characters, so {@link #HELD} binds first.
   */
  static final long HELD_CHARS = 4L * 1024 * 1024;

  /** A text longer than this is parsed for each reader, as before, and never held. */
  static final int LONGEST_HELD = (int) (HELD_CHARS / 64);

  private static final Map<String, JsonNode> TREES = new ConcurrentHashMap<>();
  private static final Queue<String> ORDER = new ConcurrentLinkedQueue<>();
  private static final AtomicInteger SIZE = new AtomicInteger();
  private static final AtomicLong CHARS = new AtomicLong();

  private ParsedStatements() {}

  /** The tree of a stored statement's text; read-only. */
  public static JsonNode of(String statement) {
    if (statement.length() > LONGEST_HELD) {
      return StrictJson.parseStored(statement);
    }
    JsonNode tree = TREES.get(statement);
    if (tree != null) {
      return tree;
    }
    tree = StrictJson.parseStored(statement);
    hold(statement, tree);
    return tree;
  }

  /**
   * Holds the tree the writer already has for a statement text it has just written, so that the
   * first read model to read the event does not parse it again. {@code tree} must be what {@link
   * StrictJson#parseStored} gives for {@code statement} (the tree that text was written from) and
   * must not change afterwards.
   */
  public static void offer(String statement, JsonNode tree) {
    if (statement.length() <= LONGEST_HELD) {
      hold(statement, tree);
    }
  }

  private static void hold(String statement, JsonNode tree) {
    if (TREES.putIfAbsent(statement, tree) == null) {
      ORDER.add(statement);
      SIZE.incrementAndGet();
      CHARS.addAndGet(statement.length());
      while (SIZE.get() > HELD || CHARS.get() > HELD_CHARS) {
        String oldest = ORDER.poll();
        if (oldest == null) {
          break;
        }
        TREES.remove(oldest);
        SIZE.decrementAndGet();
        CHARS.addAndGet(-oldest.length());
      }
    }
  }

  /** How many trees are held, for tests. */
  static int held() {
    return SIZE.get();
  }

  /** How many characters of text are held, for tests. */
  static long heldChars() {
    return CHARS.get();
  }
}
