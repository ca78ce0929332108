package vn.hocba.xapi.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.hocba.xapi.statements.Json.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Accept-Language choice per Language Map (Communication 2.1.3.s4.b5, RFC 2616 14.4)")
class LanguageMapsTest {

  private static String choose(String map, String acceptLanguage) {
    return LanguageMaps.choose(json(map), Locale.LanguageRange.parse(acceptLanguage));
  }

  @Nested
  @DisplayName("quality values")
  class Quality {

    @Test
    void highestQualityWins() {
      assertThat(choose("{'en-US':'a','vi':'b'}", "en-US;q=0.5,vi;q=0.9")).isEqualTo("vi");
    }

    @Test
    void exactRangeBeatsTheLowerQualityPrefix() {
      assertThat(choose("{'en-GB':'a','en-US':'b'}", "en-US,en;q=0.8")).isEqualTo("en-US");
    }

    @Test
    void prefixRangeMatchesSubtags() {
      assertThat(choose("{'de':'a','en-GB':'b'}", "en-US,en;q=0.8")).isEqualTo("en-GB");
    }

    @Test
    void rangeIsNotAPrefixOfALongerSubtag() {
      assertThat(choose("{'enx':'a','vi':'b'}", "en,vi;q=0.1")).isEqualTo("vi");
    }

    @Test
    void qualityZeroMeansNotAcceptable() {
      assertThat(choose("{'fr':'a','de':'b'}", "fr;q=0,*;q=0.5")).isEqualTo("de");
    }

    @Test
    void onlyLanguageWithQualityZeroIsNeverChosen() {
      assertThat(choose("{'fr':'a','und':'b'}", "fr;q=0")).isEqualTo("und");
    }

    @Test
    void tagRejectedByItsLongestRangeIsNotRescuedByAShorterOne() {
      assertThat(choose("{'de':'a','en-US':'b'}", "en,en-US;q=0")).isEqualTo("de");
    }

    @Test
    void longestMatchingRangeGivesTheQuality() {
      // RFC 2616 14.4: en-US is governed by "en-us;q=0", not by "en".
      assertThat(choose("{'en-US':'a','en-GB':'b'}", "en,en-US;q=0")).isEqualTo("en-GB");
    }

    @Test
    void matchingIsCaseInsensitive() {
      assertThat(choose("{'de':'a','ZH-hant':'b'}", "zh-Hant")).isEqualTo("ZH-hant");
    }

    @Test
    void equalQualityPrefersTheRangeListedFirst() {
      assertThat(choose("{'en':'a','vi':'b'}", "vi;q=0.5,en;q=0.5")).isEqualTo("vi");
    }

    @Test
    void sameRangePrefersTheClosestTag() {
      assertThat(choose("{'en-GB':'a','en':'b'}", "en")).isEqualTo("en");
    }
  }

  @Nested
  @DisplayName("wildcards")
  class Wildcards {

    @Test
    void starMatchesAnyLanguageAtItsQuality() {
      assertThat(choose("{'de':'a','vi':'b'}", "fr,*;q=0.1")).isEqualTo("de");
    }

    @Test
    void explicitRangeBeatsStar() {
      assertThat(choose("{'de':'a','vi':'b'}", "*;q=0.5,vi")).isEqualTo("vi");
    }

    @Test
    void extendedRangeWildcardSubtag() {
      // RFC 4647 3.3.2: de-*-DE matches de-Latn-DE but not de-AT
      assertThat(choose("{'de-AT':'a','de-Latn-DE':'b'}", "de-*-DE")).isEqualTo("de-Latn-DE");
    }
  }

  @Nested
  @DisplayName("fallbacks when nothing is acceptable")
  class Fallbacks {

    @Test
    void undWhenPresent() {
      assertThat(choose("{'de':'a','und':'b'}", "fr")).isEqualTo("und");
    }

    @Test
    void firstEntryOtherwise() {
      assertThat(choose("{'de':'a','vi':'b'}", "fr")).isEqualTo("de");
    }

    @Test
    void noHeaderFallsBackToo() {
      assertThat(LanguageMaps.choose(json("{'de':'a','und':'b'}"), List.of())).isEqualTo("und");
      assertThat(LanguageMaps.choose(json("{'de':'a','vi':'b'}"), null)).isEqualTo("de");
    }
  }

  @Nested
  @DisplayName("reduce returns a new one-entry map")
  class Reduce {

    @Test
    void keepsOnlyTheChosenEntry() {
      JsonNode map = json("{'en-US':'Red','vi':'Đỏ'}");
      assertThat(LanguageMaps.reduce(map, Locale.LanguageRange.parse("vi")))
          .isEqualTo(json("{'vi':'Đỏ'}"));
      assertThat(map.size()).isEqualTo(2);
    }
  }
}
