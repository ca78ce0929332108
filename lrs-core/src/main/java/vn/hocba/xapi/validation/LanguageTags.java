package vn.hocba.xapi.validation;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 5646 language tags (Data 4.2, Data 2.2.s4.b2: the LRS MUST at least validate the sequence of
 * token lengths). Checks the full ABNF of a {@code langtag}, private-use and grandfathered tags,
 * plus the two uniqueness rules of RFC 5646 section 2.2.5/2.2.6 (no repeated variant, no repeated
 * extension singleton). Registry membership of subtags is not checked.
 */
final class LanguageTags {

  private static final String ALNUM = "[A-Za-z0-9]";
  private static final Pattern LANGTAG =
      Pattern.compile(
          "^(?<language>[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4}|[A-Za-z]{5,8})"
              + "(?:-(?<script>[A-Za-z]{4}))?"
              + "(?:-(?<region>[A-Za-z]{2}|[0-9]{3}))?"
              + "(?<variants>(?:-(?:"
              + ALNUM
              + "{5,8}|[0-9]"
              + ALNUM
              + "{3}))*)"
              + "(?<extensions>(?:-[0-9A-WY-Za-wy-z](?:-"
              + ALNUM
              + "{2,8})+)*)"
              + "(?:-[xX](?:-"
              + ALNUM
              + "{1,8})+)?$");
  private static final Pattern PRIVATE_USE = Pattern.compile("^[xX](?:-" + ALNUM + "{1,8})+$");
  private static final Set<String> GRANDFATHERED =
      Set.of(
          "en-gb-oed",
          "i-ami",
          "i-bnn",
          "i-default",
          "i-enochian",
          "i-hak",
          "i-klingon",
          "i-lux",
          "i-mingo",
          "i-navajo",
          "i-pwn",
          "i-tao",
          "i-tay",
          "i-tsu",
          "sgn-be-fr",
          "sgn-be-nl",
          "sgn-ch-de",
          "art-lojban",
          "cel-gaulish",
          "no-bok",
          "no-nyn",
          "zh-guoyu",
          "zh-hakka",
          "zh-min",
          "zh-min-nan",
          "zh-xiang");

  private LanguageTags() {}

  static boolean isLanguageTag(String tag) {
    if (tag == null || tag.isEmpty()) {
      return false;
    }
    return isSimple(tag) || matchesAbnf(tag);
  }

  /** The full check of the ABNF and the uniqueness rules, whatever the tag's shape. */
  static boolean matchesAbnf(String tag) {
    if (tag == null || tag.isEmpty()) {
      return false;
    }
    if (GRANDFATHERED.contains(tag.toLowerCase(Locale.ROOT))
        || PRIVATE_USE.matcher(tag).matches()) {
      return true;
    }
    Matcher m = LANGTAG.matcher(tag);
    if (!m.matches()) {
      return false;
    }
    Set<String> variants = new HashSet<>();
    for (String variant : m.group("variants").split("-")) {
      if (!variant.isEmpty() && !variants.add(variant.toLowerCase(Locale.ROOT))) {
        return false;
      }
    }
    Set<String> singletons = new HashSet<>();
    for (String subtag : m.group("extensions").split("-")) {
      if (subtag.length() == 1 && !singletons.add(subtag.toLowerCase(Locale.ROOT))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The shapes nearly every language map uses, checked without the regular expression: a language
   * alone ({@code vi}, {@code haw}) or with a region ({@code vi-VN}, {@code es-419}). Each is a
   * {@code langtag} of the ABNF above (language, then region, nothing else), so this only answers
   * true where the full check does; anything else goes to the full check.
   */
  static boolean isSimple(String tag) {
    int n = tag.length();
    int lang = 0;
    while (lang < n && lang < 4 && Ascii.letter(tag.charAt(lang))) {
      lang++;
    }
    if (lang < 2 || lang > 3) {
      return false;
    }
    if (lang == n) {
      return true;
    }
    if (tag.charAt(lang) != '-') {
      return false;
    }
    int region = n - lang - 1;
    if (region == 2) {
      return Ascii.letter(tag.charAt(n - 2)) && Ascii.letter(tag.charAt(n - 1));
    }
    if (region == 3) {
      return Ascii.digit(tag.charAt(n - 3))
          && Ascii.digit(tag.charAt(n - 2))
          && Ascii.digit(tag.charAt(n - 1));
    }
    return false;
  }
}
