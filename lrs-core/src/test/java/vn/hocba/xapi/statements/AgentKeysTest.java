package vn.hocba.xapi.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.hocba.xapi.statements.Json.json;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Agent keys: Inverse Functional Identifiers (Data 2.4.2.3, Communication 2.1.3 agent)")
class AgentKeysTest {

  @Nested
  @DisplayName("each IFI kind has its own key")
  class IfiKinds {

    @Test
    void mboxKeyIsTheMailtoIri() {
      assertThat(AgentKeys.key(json("{'mbox':'mailto:a@b.c'}"))).contains("mbox:mailto:a@b.c");
    }

    @Test
    void mboxSha1sumKeyIsLowercaseHex() {
      assertThat(AgentKeys.key(json("{'mbox_sha1sum':'EBD31E95054C018B10727CCFFD2EF2EC3A016EE9'}")))
          .contains("mbox_sha1sum:ebd31e95054c018b10727ccffd2ef2ec3a016ee9");
    }

    @Test
    void openidKeyIsTheUri() {
      assertThat(AgentKeys.key(json("{'openid':'http://openid.example.org/Ann'}")))
          .contains("openid:http://openid.example.org/Ann");
    }

    @Test
    void accountKeyJoinsHomePageAndName() {
      assertThat(
              AgentKeys.key(
                  json("{'account':{'homePage':'http://lms.example.com','name':'Ann01'}}")))
          .contains("account:http://lms.example.com|Ann01");
    }

    @Test
    void differentIfiKindsWithTheSameTextDoNotCollide() {
      assertThat(AgentKeys.key(json("{'openid':'mailto:a@b.c'}")))
          .isNotEqualTo(AgentKeys.key(json("{'mbox':'mailto:a@b.c'}")));
    }
  }

  @Nested
  @DisplayName("Data 2.4.2.3.s4.b1: the domain of an email address is case insensitive")
  class MboxCase {

    @Test
    void domainAndSchemeCaseDoNotChangeTheKey() {
      assertThat(AgentKeys.key(json("{'mbox':'MAILTO:Ann@Example.COM'}")))
          .contains("mbox:mailto:Ann@example.com");
    }

    @Test
    void localPartCaseIsKept() {
      assertThat(AgentKeys.key(json("{'mbox':'mailto:Ann@example.com'}")))
          .isNotEqualTo(AgentKeys.key(json("{'mbox':'mailto:ann@example.com'}")));
    }

    @Test
    void accountNameIsCaseSensitive() {
      assertThat(AgentKeys.key(json("{'account':{'homePage':'http://x.org','name':'Ann'}}")))
          .isNotEqualTo(
              AgentKeys.key(json("{'account':{'homePage':'http://x.org','name':'ann'}}")));
    }
  }

  @Nested
  @DisplayName("Data 2.4.2.2: Groups")
  class Groups {

    @Test
    void identifiedGroupHasTheKeyOfItsIfi() {
      assertThat(
              AgentKeys.key(
                  json(
                      "{'objectType':'Group','mbox':'mailto:team@x.org','member':[{'mbox':'mailto:m@x.org'}]}")))
          .contains("mbox:mailto:team@x.org");
    }

    @Test
    void anonymousGroupHasNoKey() {
      assertThat(AgentKeys.key(json("{'objectType':'Group','member':[{'mbox':'mailto:m@x.org'}]}")))
          .isEmpty();
    }
  }

  @Nested
  @DisplayName("odd input never throws")
  class Defensive {

    @Test
    void nullAndNonObjectsHaveNoKey() {
      assertThat(AgentKeys.key(null)).isEmpty();
      assertThat(AgentKeys.key(json("'mailto:a@b.c'"))).isEmpty();
      assertThat(AgentKeys.key(json("{'mbox':42}"))).isEmpty();
    }

    @Test
    void incompleteAccountHasNoKey() {
      assertThat(AgentKeys.key(json("{'account':{'homePage':'http://x.org'}}"))).isEmpty();
    }
  }
}
