package vn.hocba.eventlog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoDatabase;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import vn.hocba.audit.Ed25519Signatures;
import vn.hocba.eventlog.ChainReport.Break;
import vn.hocba.eventlog.ChainReport.CheckpointSeen;
import vn.hocba.eventlog.ChainReport.Kind;
import vn.hocba.eventlog.ChainReport.Witness;
import vn.hocba.statements.ChainCheckpointedEvent;
import vn.hocba.statements.ChainedEvent;

/**
 * Re-reads the event log in position order and recomputes every link of the hash chain
 * (docs/event-log.md, docs/tamper-evidence.md). Commits are fetched by {@code _id} in small {@code
 * $in} windows, as {@link MongoEventLog} reads them, so memory stays constant and the cost per
 * event does not grow with the log.
 *
 * <p>For each position {@code x} the event found there must carry position {@code x}, link to the
 * recomputed hash of {@code x - 1}, and hash to the value it stores. The first event that does not
 * is classified: its own fields changed (CONTENT), it belongs elsewhere (ORDER: a neighbour links
 * to the predecessor instead, or only its position number changed), events are absent (MISSING), or
 * it cannot be read (UNREADABLE). Signed checkpoints met on the way must verify with a known public
 * key and sign the hash the chain has at the position they cover (CHECKPOINT).
 */
public final class ChainVerifier {

  /** Keys probed per window: commits one apart and one last-commit-size apart. */
  private static final int WINDOW = 32;

  /** How far past a suspect event the diagnosis looks for its rightful successor. */
  private static final int LOOKAHEAD_EVENTS = 4096;

  private final MongoEventLog log;
  private final Function<String, Optional<PublicKey>> keys;

  /**
   * @param keys the public key for a key id (current and retired signing keys)
   */
  public ChainVerifier(MongoEventLog log, Function<String, Optional<PublicKey>> keys) {
    this.log = log;
    this.keys = keys;
  }

  /**
   * Verifies positions {@code from … to} (inclusive; {@code Long.MAX_VALUE} for the whole log).
   * When {@code from > 0} the stored hash of {@code from - 1} is taken as the starting link.
   *
   * @throws IllegalArgumentException when {@code from} is negative, after {@code to}, or not in the
   *     log
   */
  public ChainReport verify(long from, long to, List<Witness> witnesses) {
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("from must be >= 0 and <= to");
    }
    return new Walk(from, to, witnesses).run();
  }

  /**
   * The positions the projections' tracking tokens have reached: a token only passes an event it
   * read, so a token beyond the end of the log shows that events at the end were deleted. Tokens
   * that do not deserialize are skipped.
   */
  public static List<Witness> tokenWitnesses(MongoDatabase db, Serializer serializer) {
    List<Witness> out = new ArrayList<>();
    for (Document d : db.getCollection(MongoTokenStore.COLLECTION).find()) {
      String data = d.getString("token");
      if (data == null) {
        continue;
      }
      try {
        TrackingToken t =
            serializer.deserialize(
                new SimpleSerializedObject<>(data, String.class, d.getString("tokenType"), null));
        t.position()
            .ifPresent(p -> out.add(new Witness("the tracking token of " + d.get("_id"), p, null)));
      } catch (RuntimeException e) {
        // a token this reader cannot decode witnesses nothing
      }
    }
    return out;
  }

  /** One event slot of a commit: the event, or why it cannot be read. */
  private record Slot(ChainedEvent event, String unreadable) {}

  private final class Walk {
    final long started = System.nanoTime();
    final long from;
    final long to;
    final TreeMap<Long, List<Witness>> witnesses = new TreeMap<>();
    final TreeMap<Long, Document> ahead = new TreeMap<>();
    int lastSize = 1;

    long x;
    String hash;
    Long previousCommit;
    long checked;
    long checkpoints;
    CheckpointSeen lastCheckpoint;

    Walk(long from, long to, List<Witness> given) {
      this.from = from;
      this.to = to;
      for (Witness w : given) {
        if (w.position() >= from && w.position() <= to) {
          witnesses.computeIfAbsent(w.position(), p -> new ArrayList<>()).add(w);
        }
      }
    }

    ChainReport run() {
      x = from;
      Document commit;
      int skip = 0;
      if (from == 0) {
        hash = EventChain.GENESIS;
        commit = commitAt(0);
      } else {
        Document before =
            log.commitContaining(from - 1)
                .orElseThrow(
                    () -> new IllegalArgumentException("no event at position " + (from - 1)));
        hash = storedHashAt(from - 1);
        if (hash == null) {
          throw new IllegalArgumentException("the event at " + (from - 1) + " is unreadable");
        }
        previousCommit = before.getLong("_id");
        commit = log.commitContaining(from).orElse(null);
        if (commit == null && log.nextPosition() <= from) {
          throw new IllegalArgumentException("position " + from + " is past the end of the log");
        }
        skip = commit == null ? 0 : (int) (from - commit.getLong("_id"));
      }
      while (x <= to) {
        if (commit == null) {
          Optional<Long> next = nextCommitAfter(x);
          if (next.isPresent()) {
            return broken(
                Kind.MISSING,
                x,
                x,
                "commit " + x,
                "next commit " + next.get(),
                ("Thiếu các sự kiện %d…%d: commit bắt đầu ở %d đã bị xóa"
                        + " / events %d…%d are missing: the commit starting at %d was deleted")
                    .formatted(x, next.get() - 1, x, x, next.get() - 1, x));
          }
          return endOfLog();
        }
        long id = commit.getLong("_id");
        List<Slot> slots;
        try {
          slots = slots(commit);
        } catch (RuntimeException e) {
          return broken(
              Kind.UNREADABLE,
              x,
              id,
              "a JSON array of events",
              e.getClass().getSimpleName(),
              ("Commit %d không còn đọc được (JSON hỏng)"
                      + " / commit %d can no longer be read (its events are not valid JSON)")
                  .formatted(id, id));
        }
        for (int i = skip; i < slots.size() && x <= to; i++) {
          Break b = check(slots.get(i), id, slots, i);
          if (b != null) {
            return report(Optional.of(b), false);
          }
        }
        if (x > to) {
          break;
        }
        Object n = commit.get("n");
        if (!(n instanceof Integer declared) || declared != slots.size()) {
          boolean fewer = n instanceof Integer d && d > slots.size();
          return broken(
              fewer ? Kind.MISSING : Kind.CONTENT,
              x,
              id,
              String.valueOf(n),
              String.valueOf(slots.size()),
              ("Commit %d ghi %s sự kiện nhưng chứa %d"
                      + " / commit %d declares %s events but holds %d")
                  .formatted(id, n, slots.size(), id, n, slots.size()));
        }
        lastSize = Math.max(1, slots.size());
        skip = 0;
        commit = commitAt(x);
      }
      return report(Optional.empty(), false);
    }

    /** Checks the event at {@code x}; advances the walk when it links, else returns the break. */
    Break check(Slot slot, long commit, List<Slot> slots, int index) {
      if (slot.event() == null) {
        return new Break(
            Kind.UNREADABLE,
            x,
            commit,
            "a chained event",
            slot.unreadable(),
            ("Sự kiện %d không còn đọc được / the event at %d can no longer be read: %s")
                .formatted(x, x, slot.unreadable()));
      }
      ChainedEvent e = slot.event();
      String own;
      try {
        own = EventChain.link(e.previousHash(), e.canonicalFields());
      } catch (RuntimeException ex) {
        return new Break(
            Kind.UNREADABLE,
            x,
            commit,
            "every chained field",
            ex.getClass().getSimpleName(),
            ("Sự kiện %d thiếu trường hoặc có hash sai dạng"
                    + " / the event at %d lacks a field or holds a malformed hash")
                .formatted(x, x));
      }
      if (e.position() != x || !e.previousHash().equals(hash) || !own.equals(e.hash())) {
        return diagnose(e, own, commit, slots, index);
      }
      if (e instanceof ChainCheckpointedEvent cp) {
        Break b = checkpoint(cp, commit);
        if (b != null) {
          return b;
        }
      }
      for (Witness w : witnesses.getOrDefault(x, List.of())) {
        if (w.hash() != null && !w.hash().equals(e.hash())) {
          return new Break(
              Kind.CONTENT,
              x,
              commit,
              w.hash(),
              e.hash(),
              ("Chuỗi tại %d khác với điều %s đã ghi: nhật ký đã bị viết lại (hash tính lại)"
                      + " từ %d trở về trước / the chain at %d differs from what %s recorded:"
                      + " the log was rewritten, hashes recomputed, at or before %d")
                  .formatted(x, w.source(), x, x, w.source(), x));
        }
      }
      hash = e.hash();
      previousCommit = commit;
      x++;
      checked++;
      return null;
    }

    /** Classifies the first event that does not link. */
    Break diagnose(ChainedEvent e, String own, long commit, List<Slot> slots, int index) {
      boolean selfConsistent = own.equals(e.hash());
      if (!selfConsistent) {
        if (e.position() != x && relinksAt(e)) {
          return new Break(
              Kind.ORDER,
              x,
              commit,
              "position " + x,
              "position " + e.position(),
              ("Số thứ tự của sự kiện %d đã bị đổi thành %d"
                      + " / the event at %d was renumbered to %d")
                  .formatted(x, e.position(), x, e.position()));
        }
        if (successorLater(slots, index, false)) {
          return swapped(e, commit);
        }
        return new Break(
            Kind.CONTENT,
            x,
            commit,
            e.hash(),
            own,
            ("Nội dung sự kiện %d đã bị sửa: hash của nó không còn khớp"
                    + " / the event at %d was edited: its content no longer hashes to its link")
                .formatted(x, x));
      }
      if (e.position() > x) {
        if (successorLater(slots, index, true)) {
          return swapped(e, commit);
        }
        return new Break(
            Kind.MISSING,
            x,
            commit,
            hash,
            e.previousHash(),
            ("Thiếu các sự kiện %d…%d (đã bị xóa khỏi commit %d)"
                    + " / events %d…%d are missing (deleted from commit %d)")
                .formatted(x, e.position() - 1, commit, x, e.position() - 1, commit));
      }
      if (e.position() < x) {
        return new Break(
            Kind.ORDER,
            x,
            commit,
            "position " + x,
            "position " + e.position(),
            ("Sự kiện %d xuất hiện ở vị trí %d: sự kiện bị chèn hoặc đổi chỗ"
                    + " / event %d stands at position %d: events were inserted or reordered")
                .formatted(e.position(), x, e.position(), x));
      }
      if (successorLater(slots, index, false)) {
        return swapped(e, commit);
      }
      if (x == 0) {
        return new Break(
            Kind.CONTENT,
            0,
            commit,
            EventChain.GENESIS,
            e.previousHash(),
            "Sự kiện đầu tiên không nối với hash khởi đầu"
                + " / the first event does not link to the genesis hash");
      }
      return new Break(
          Kind.CONTENT,
          x - 1,
          previousCommit,
          e.previousHash(),
          hash,
          ("Sự kiện %d đã bị thay (hash được tính lại): sự kiện %d ghi một hash khác cho nó"
                  + " / the event at %d was replaced with a recomputed hash: event %d recorded"
                  + " another hash for it")
              .formatted(x - 1, x, x - 1, x));
    }

    Break swapped(ChainedEvent e, long commit) {
      return new Break(
          Kind.ORDER,
          x,
          commit,
          hash,
          e.previousHash(),
          ("Thứ tự sai tại %d: sự kiện đứng sau %d nằm ở chỗ khác (sự kiện bị đổi chỗ)"
                  + " / order broken at %d: the event that follows %d stands further on"
                  + " (events were swapped)")
              .formatted(x, x - 1, x, x - 1));
    }

    /** True when only the position number of {@code e} was changed from {@code x}. */
    boolean relinksAt(ChainedEvent e) {
      ObjectNode fields = e.canonicalFields();
      fields.put("position", x);
      return EventChain.link(e.previousHash(), fields).equals(e.hash());
    }

    /**
     * True when an event further on links to the current head hash (or, with {@code byPosition},
     * carries position {@code x}): the event that belongs at {@code x} was moved, not lost.
     */
    boolean successorLater(List<Slot> slots, int index, boolean byPosition) {
      int seen = 0;
      for (Slot s : slots.subList(index + 1, slots.size())) {
        if (matches(s, byPosition)) {
          return true;
        }
        seen++;
      }
      long nextAt = x + (slots.size() - index); // where the following commit should start
      while (seen < LOOKAHEAD_EVENTS) {
        Document next = log.commits(List.of(nextAt)).get(nextAt);
        if (next == null) {
          return false;
        }
        List<Slot> more;
        try {
          more = slots(next);
        } catch (RuntimeException e) {
          return false;
        }
        for (Slot s : more) {
          if (matches(s, byPosition)) {
            return true;
          }
        }
        seen += Math.max(1, more.size());
        nextAt += Math.max(1, more.size());
      }
      return false;
    }

    boolean matches(Slot s, boolean byPosition) {
      ChainedEvent f = s.event();
      return f != null && (hash.equals(f.previousHash()) || (byPosition && f.position() == x));
    }

    Break checkpoint(ChainCheckpointedEvent cp, long commit) {
      long c = cp.coveredPosition();
      if (c >= x) {
        return new Break(
            Kind.CHECKPOINT,
            x,
            commit,
            "a position before " + x,
            String.valueOf(c),
            ("Checkpoint %d nói đã ký vị trí %d, không ở trước nó"
                    + " / checkpoint %d claims to cover position %d, which does not precede it")
                .formatted(x, c, x, c));
      }
      String chain = c == x - 1 ? hash : storedHashAt(c);
      if (!cp.coveredHash().equals(chain)) {
        return new Break(
            Kind.CHECKPOINT,
            x,
            commit,
            String.valueOf(chain),
            cp.coveredHash(),
            ("Checkpoint %d đã ký hash khác với chuỗi hiện có tại %d: nhật ký trước nó đã bị"
                    + " viết lại / checkpoint %d signed another hash than the chain now has at %d:"
                    + " the log before it was rewritten")
                .formatted(x, c, x, c));
      }
      Optional<PublicKey> key = keys.apply(cp.keyId());
      if (key.isEmpty()) {
        return new Break(
            Kind.CHECKPOINT,
            x,
            commit,
            "a known public key",
            cp.keyId(),
            ("Checkpoint %d được ký bằng khóa %s không có trong danh sách khóa công khai"
                    + " / checkpoint %d is signed by key %s, which is not among the known"
                    + " public keys")
                .formatted(x, cp.keyId(), x, cp.keyId()));
      }
      if (!Ed25519Signatures.ALGORITHM.equals(cp.algorithm())
          || !cp.signed().verifiesWith(key.get())) {
        return new Break(
            Kind.CHECKPOINT,
            x,
            commit,
            "a valid Ed25519 signature by " + cp.keyId(),
            cp.signature(),
            ("Chữ ký của checkpoint %d không hợp lệ / the signature of checkpoint %d does not"
                    + " verify")
                .formatted(x, x));
      }
      checkpoints++;
      lastCheckpoint = new CheckpointSeen(x, c, cp.coveredHash(), cp.keyId(), cp.stored());
      return null;
    }

    /** The hash stored at an earlier position (already verified when it lies in the walk). */
    String storedHashAt(long position) {
      try {
        return log.commitContaining(position)
            .map(
                d -> {
                  Slot s = slots(d).get((int) (position - d.getLong("_id")));
                  return s.event() == null ? null : s.event().hash();
                })
            .orElse(null);
      } catch (RuntimeException e) {
        return null; // an unreadable commit has no hash to offer
      }
    }

    ChainReport endOfLog() {
      for (Map.Entry<Long, List<Witness>> w : witnesses.tailMap(x, true).entrySet()) {
        Witness first = w.getValue().get(0);
        return broken(
            Kind.MISSING,
            x,
            null,
            (first.hash() == null ? "an event" : first.hash()) + " at " + first.position(),
            "end of log at " + (x - 1),
            ("Nhật ký kết thúc ở %d nhưng %s đã ghi vị trí %d: các sự kiện cuối đã bị xóa"
                    + " / the log ends at %d but %s recorded position %d: events at the end"
                    + " were deleted")
                .formatted(
                    x - 1,
                    first.source(),
                    first.position(),
                    x - 1,
                    first.source(),
                    first.position()));
      }
      return report(Optional.empty(), true);
    }

    ChainReport broken(
        Kind kind, long position, Long commit, String expected, String found, String message) {
      return report(
          Optional.of(new Break(kind, position, commit, expected, found, message)), false);
    }

    ChainReport report(Optional<Break> b, boolean end) {
      return new ChainReport(
          from,
          x - 1,
          hash,
          end,
          checked,
          checkpoints,
          Optional.ofNullable(lastCheckpoint),
          b,
          Duration.ofNanos(System.nanoTime() - started));
    }

    /** The commit whose first position is {@code at}, from a window fetched with one $in. */
    Document commitAt(long at) {
      ahead.headMap(at).clear();
      Document d = ahead.remove(at);
      if (d != null) {
        return d;
      }
      ahead.clear();
      TreeSet<Long> keys = new TreeSet<>();
      for (int k = 0; k < WINDOW / 2; k++) {
        keys.add(at + k);
        keys.add(at + (long) k * lastSize);
      }
      ahead.putAll(log.commits(new ArrayList<>(keys)));
      return ahead.remove(at);
    }

    /**
     * The first commit after a position where none starts, probed by {@code _id} in windows up to
     * the end the log object knows (the writer's head, or for a command the store's last commit): a
     * gap before it is a deletion. Past that end one window is probed, for commits someone added
     * beyond the head; nothing there is the end of the log.
     */
    Optional<Long> nextCommitAfter(long at) {
      long end = Math.max(log.nextPosition() - 1, at + MongoEventLog.MAX_EVENTS_PER_COMMIT);
      for (long low = at + 1; low <= end; low += MongoEventLog.MAX_EVENTS_PER_COMMIT) {
        List<Long> probe = new ArrayList<>();
        for (long k = low; k < low + MongoEventLog.MAX_EVENTS_PER_COMMIT && k <= end; k++) {
          probe.add(k);
        }
        Map<Long, Document> found = log.commits(probe);
        if (!found.isEmpty()) {
          return Optional.of(new TreeSet<>(found.keySet()).first());
        }
      }
      return Optional.empty();
    }
  }

  /** The events of a commit as chained events; a slot that does not deserialize says why. */
  private List<Slot> slots(Document commit) {
    List<MongoEventLog.StoredEvent> stored = MongoEventLog.events(commit);
    List<Slot> out = new ArrayList<>(stored.size());
    for (MongoEventLog.StoredEvent s : stored) {
      Object payload;
      try {
        payload = log.payload(s);
      } catch (RuntimeException e) {
        // the exception text may quote the payload (personal data): name its class only
        out.add(
            new Slot(null, "payload does not deserialize (" + e.getClass().getSimpleName() + ")"));
        continue;
      }
      if (payload instanceof ChainedEvent ce) {
        out.add(new Slot(ce, null));
      } else {
        out.add(new Slot(null, "not a chained event: " + s.type()));
      }
    }
    return out;
  }
}
