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
 * <p>Keyed by statement id, and served only for the very text it was parsed from (the same string
 * object for processors tailing the log, which get the writer's event from memory; an equal text
 * otherwise), so the tree is the one {@link StrictJson#parseStored} gives for that text whatever
 * thread or event instance asks. Keying by the text made the writer hash every statement's whole
 * text. Trees are shared: callers only read them.
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

  /** A text and its tree. */
  private record Held(String text, JsonNode tree) {}

  private static final Map<String, Held> TREES = new ConcurrentHashMap<>();
  private static final Queue<String> ORDER = new ConcurrentLinkedQueue<>();
  private static final AtomicInteger SIZE = new AtomicInteger();
  private static final AtomicLong CHARS = new AtomicLong();

  private ParsedStatements() {}

  /** The tree of a stored statement's text; read-only. */
  public static JsonNode of(String statementId, String statement) {
    if (statement.length() > LONGEST_HELD) {
      return StrictJson.parseStored(statement);
    }
    Held held = TREES.get(statementId);
    if (held != null && held.text().equals(statement)) { // the same object: no characters read
      return held.tree();
    }
    JsonNode tree = StrictJson.parseStored(statement);
    hold(statementId, statement, tree);
    return tree;
  }

  /**
   * Holds the tree the writer already has for a statement text it has just written, so that the
   * first read model to read the event does not parse it again. {@code tree} must be what {@link
   * StrictJson#parseStored} gives for {@code statement} (the tree that text was written from) and
   * must not change afterwards.
   */
  public static void offer(String statementId, String statement, JsonNode tree) {
    if (statement.length() <= LONGEST_HELD) {
      hold(statementId, statement, tree);
    }
  }

  /** Holds a tree unless one is held for the id already (then the caller's parse serves once). */
  private static void hold(String statementId, String statement, JsonNode tree) {
    if (TREES.putIfAbsent(statementId, new Held(statement, tree)) == null) {
      ORDER.add(statementId);
      SIZE.incrementAndGet();
      CHARS.addAndGet(statement.length());
      while (SIZE.get() > HELD || CHARS.get() > HELD_CHARS) {
        String oldest = ORDER.poll();
        if (oldest == null) {
          break;
        }
        Held removed = TREES.remove(oldest);
        if (removed != null) {
          SIZE.decrementAndGet();
          CHARS.addAndGet(-removed.text().length());
        }
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
