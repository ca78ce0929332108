package vn.hocba.xapi.statements;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the one entry of a Language Map that an Accept-Language header prefers (Communication
 * 2.1.3.s4.b5: RFC 2616 14.4 applied to each map individually).
 *
 * <p>Matching follows RFC 2616 14.4 / RFC 4647 3.3.1 basic filtering: a range matches a tag equal
 * to it or starting with it followed by "-", case-insensitively; "*" matches every tag. A range
 * with inner "*" subtags (e.g. {@code de-*-DE}) uses RFC 4647 3.3.2 extended filtering. A tag's
 * quality is the weight of the longest range matching it; quality 0 means "not acceptable". The
 * entry with the highest quality wins; ties go to the range listed first, then to the tag closest
 * to that range (fewest extra subtags), then to map order. With no acceptable entry: the {@code
 * und} entry, else the first entry.
 */
final class LanguageMaps {

  private LanguageMaps() {}

  /** A new single-entry map, or a copy of {@code map} when it has at most one entry or is odd. */
  static JsonNode reduce(JsonNode map, List<Locale.LanguageRange> acceptLanguage) {
    if (map == null || !map.isObject() || map.size() <= 1) {
      return map == null ? null : map.deepCopy();
    }
    String chosen = choose(map, acceptLanguage);
    ObjectNode out = Nodes.newObject();
    out.set(chosen, map.get(chosen).deepCopy());
    return out;
  }

  /** The key of the entry to keep; {@code map} must be a non-empty object. */
  static String choose(JsonNode map, List<Locale.LanguageRange> acceptLanguage) {
    String best = null;
    double bestWeight = 0;
    int bestRange = Integer.MAX_VALUE;
    int bestExtra = Integer.MAX_VALUE;
    List<Locale.LanguageRange> ranges = acceptLanguage == null ? List.of() : acceptLanguage;
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      String tag = it.next().getKey();
      Optional<Integer> governing = governingRange(tag, ranges);
      if (governing.isEmpty()) {
        continue;
      }
      int index = governing.get();
      double weight = ranges.get(index).getWeight();
      if (weight <= 0) {
        continue;
      }
      int extra = subtags(tag) - specificity(ranges.get(index).getRange());
      boolean better =
          best == null
              || weight > bestWeight
              || (weight == bestWeight && index < bestRange)
              || (weight == bestWeight && index == bestRange && extra < bestExtra);
      if (better) {
        best = tag;
        bestWeight = weight;
        bestRange = index;
        bestExtra = extra;
      }
    }
    if (best != null) {
      return best;
    }
    for (Iterator<String> it = map.fieldNames(); it.hasNext(); ) {
      String tag = it.next();
      if ("und".equalsIgnoreCase(tag)) {
        return tag;
      }
    }
    return map.fieldNames().next();
  }

  /**
   * The index of the longest range matching {@code tag} (RFC 2616 14.4: "the quality value of the
   * longest language-range in the field that matches the language-tag"); first listed on a tie.
   */
  private static Optional<Integer> governingRange(String tag, List<Locale.LanguageRange> ranges) {
    Integer found = null;
    int foundSpecificity = -1;
    for (int i = 0; i < ranges.size(); i++) {
      String range = ranges.get(i).getRange();
      if (matches(range, tag)) {
        int specificity = specificity(range);
        if (specificity > foundSpecificity) {
          found = i;
          foundSpecificity = specificity;
        }
      }
    }
    return Optional.ofNullable(found);
  }

  static boolean matches(String range, String tag) {
    String r = Nodes.lower(range);
    String t = Nodes.lower(tag);
    if (r.equals("*")) {
      return true;
    }
    if (!r.contains("*")) {
      return t.equals(r) || t.startsWith(r + "-");
    }
    return extendedMatch(r.split("-"), t.split("-"));
  }

  /** RFC 4647 3.3.2 extended filtering. */
  private static boolean extendedMatch(String[] range, String[] tag) {
    if (tag.length == 0 || !(range[0].equals("*") || range[0].equals(tag[0]))) {
      return false;
    }
    int i = 1;
    int j = 1;
    while (i < range.length) {
      if (range[i].equals("*")) {
        i++;
      } else if (j >= tag.length) {
        return false;
      } else if (range[i].equals(tag[j])) {
        i++;
        j++;
      } else if (tag[j].length() == 1) {
        return false;
      } else {
        j++;
      }
    }
    return true;
  }

  /** Non-wildcard subtags of a range: how "long" it is for RFC 2616's longest-match rule. */
  private static int specificity(String range) {
    int n = 0;
    for (String subtag : range.split("-")) {
      if (!subtag.equals("*") && !subtag.isEmpty()) {
        n++;
      }
    }
    return n;
  }

  private static int subtags(String tag) {
    return tag.split("-").length;
  }
}
