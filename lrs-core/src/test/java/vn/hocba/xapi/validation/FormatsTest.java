package vn.hocba.xapi.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.hocba.xapi.model.XapiVersion;

@DisplayName("Special data types (Data 4.x) as pure functions")
class FormatsTest {

  @Nested
  @DisplayName("Data 4.3 IRIs")
  class IriFormat {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
      "http://example.com/a, true",
      "urn:isbn:0451450523, true",
      "https://vi.wikipedia.org/wiki/Hà_Nội, true",
      "mailto:a@example.com, true",
      "'tag:hocba.vn,2024:x', true",
      "ab=c://should.fail.com, false",
      "'no scheme', false",
      "http://example.com/a b, false",
      "'http:', false",
      "http://x/%zz, false",
      "1http://example.com, false",
      "a+b.c-d9:x, true",
      "'x:', false",
      "':x', false",
      "'', false",
      "http://x/%4, false",
      "http://x/%, false",
      "http://x/%4a%4F, true",
      "http://x/a{b}, false",
      "'http://x/\u0085', false",
      "'http://x/\u00a0', true",
      "'http://x/~!$&()*+;=@[]', true"
    })
    void iri(String text, boolean valid) {
      assertThat(Iris.isIri(text)).isEqualTo(valid);
    }

    @org.junit.jupiter.api.Test
    @DisplayName("every ASCII character RFC 3986 excludes, anywhere after the scheme, fails")
    void excludedAscii() {
      for (char ch = 0; ch < 0x80; ch++) {
        boolean excluded = ch <= 0x20 || ch == 0x7F || "<>\"{}|\\^`".indexOf(ch) >= 0;
        boolean percent = ch == '%'; // allowed, but "%b" is not a percent-encoded octet
        assertThat(Iris.isIri("http://x/a" + ch + "b"))
            .as("U+%04X", (int) ch)
            .isEqualTo(!excluded && !percent);
      }
    }
  }

  @Nested
  @DisplayName("Data 4.4 UUIDs")
  class UuidFormat {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
      "fd41c918-b88b-4b20-a0a5-a4c32391aaa0, true",
      "FD41C918-B88B-4B20-A0A5-A4C32391AAA0, true",
      "00000000-0000-0000-0000-000000000000, true",
      "fd41c918b88b-4b20-a0a5-a4c32391aaa0-, false",
      "fd41c918-b88b-4b20-a0a5-a4c32391aaa, false",
      "fd41c918-b88b-4b20-a0a5-a4c32391aaa00, false",
      "gd41c918-b88b-4b20-a0a5-a4c32391aaa0, false",
      "{fd41c918-b88b-4b20-a0a5-a4c32391aa}, false",
      "fd41c918_b88b_4b20_a0a5_a4c32391aaa0, false",
      "'', false"
    })
    void uuid(String text, boolean valid) {
      assertThat(Uuids.isUuid(text)).isEqualTo(valid);
    }
  }

  @Nested
  @DisplayName("Data 4.5 Timestamps")
  class TimestampFormat {
    @ParameterizedTest(name = "{0} under {1} -> {2}")
    @CsvSource({
      "2024-01-01T00:00:00Z, V1_0_3, true", "2024-01-01T00:00:00Z, V2_0_0, true",
      "2024-01-01T00:00:00, V1_0_3, true", "2024-01-01T00:00:00, V2_0_0, false",
      "2024-01-01T00:00:00-00:00, V1_0_3, false", "2024-01-01T00:00:00-00, V2_0_0, false",
      "2024-01-01T00:00:00+00:00, V2_0_0, true", "2023-02-29T00:00:00Z, V1_0_3, false",
      "2024-01-01T00:00:00+24:00, V1_0_3, false", "2024-01-01t00:00:00z, V1_0_3, false"
    })
    void timestamp(String text, XapiVersion version, boolean valid) {
      assertThat(Timestamps.problem(text, version) == null).isEqualTo(valid);
    }

    @org.junit.jupiter.api.Test
    @DisplayName("the fixed-place shortcut gives the patterns' answer on 200,000 edited timestamps")
    void shortcutAgreesWithPatterns() {
      String[] seeds = {
        "2024-01-01T00:00:00Z",
        "2024-02-29T23:59:60.123456+07:00",
        "2023-02-29T00:00:00-00:00",
        "1999-12-31T24:00:00.5-23:59",
        "2015-01-02T03:04:05.678+0700",
        "20150102T030405.678Z",
        "2024-13-32T25:61:61+24:60"
      };
      char[] alphabet = "0123456789-:T.Z+ zt".toCharArray();
      java.util.Random r = new java.util.Random(5);
      int viaShortcut = 0;
      for (int i = 0; i < 200_000; i++) {
        StringBuilder b = new StringBuilder(seeds[r.nextInt(seeds.length)]);
        for (int edits = r.nextInt(4); edits > 0; edits--) {
          int at = r.nextInt(b.length() + 1);
          char c = alphabet[r.nextInt(alphabet.length)];
          switch (r.nextInt(3)) {
            case 0 -> b.insert(at, c);
            case 1 -> {
              if (at < b.length()) {
                b.setCharAt(at, c);
              }
            }
            default -> {
              if (at < b.length()) {
                b.deleteCharAt(at);
              }
            }
          }
        }
        String text = b.toString();
        for (XapiVersion v : XapiVersion.values()) {
          assertThat(Timestamps.problem(text, v))
              .as(text)
              .isEqualTo(Timestamps.problemByPattern(text, v));
        }
        if (Timestamps.isSimpleShape(text)) {
          viaShortcut++;
        }
      }
      assertThat(viaShortcut).isGreaterThan(20_000); // the shortcut itself was exercised
    }
  }

  @Nested
  @DisplayName("Data 4.6 Durations")
  class DurationFormat {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
      "PT4H35M59.14S, true",
      "P4W, true",
      "P4W1D, false",
      "PT, false",
      "P1Y2M3DT4H5M6S, true",
      "P1Y2D3M, false",
      "PT1.5M2S, false",
      "P-1D, false"
    })
    void duration(String text, boolean valid) {
      assertThat(Durations.isDuration(text)).isEqualTo(valid);
    }
  }

  @Nested
  @DisplayName("Data 4.2 Language tags (RFC 5646)")
  class LanguageTagFormat {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
      "vi, true",
      "vi-VN, true",
      "zh-yue-HK, true",
      "en-GB-oed, true",
      "qaa-Qaaa-QM-x-southern, true",
      "something, false",
      "zh-z-aaa-z-bbb, false",
      "de-419-DE, false",
      "a-DE, false",
      "en--US, false"
    })
    void tag(String text, boolean valid) {
      assertThat(LanguageTags.isLanguageTag(text)).isEqualTo(valid);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"vi", "VI", "haw", "vi-VN", "en-us", "es-419", "yue-HK"})
    @DisplayName("the common shapes (language, language-region) skip the regular expression")
    void simpleShapes(String text) {
      assertThat(LanguageTags.isSimple(text)).isTrue();
      assertThat(LanguageTags.matchesAbnf(text)).isTrue();
    }

    @org.junit.jupiter.api.Test
    @DisplayName(
        "the shortcut never changes an answer: every string of up to 6 chars near the shapes")
    void shortcutAgreesWithAbnf() {
      char[] alphabet = {'a', 'Z', 'x', '0', '9', '-', 'é', '_'};
      StringBuilder b = new StringBuilder();
      int checked = 0;
      for (int length = 0; length <= 6; length++) {
        int[] digits = new int[length];
        while (true) {
          b.setLength(0);
          for (int d : digits) {
            b.append(alphabet[d]);
          }
          String tag = b.toString();
          assertThat(LanguageTags.isLanguageTag(tag))
              .as(tag)
              .isEqualTo(LanguageTags.matchesAbnf(tag));
          checked++;
          int i = length - 1;
          while (i >= 0 && ++digits[i] == alphabet.length) {
            digits[i--] = 0;
          }
          if (i < 0) {
            break;
          }
        }
      }
      assertThat(checked).isEqualTo(299_593); // 8^0 + 8^1 + ... + 8^6
    }
  }
}
