package vn.hocba.xapi.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.hocba.xapi.statements.Json.fixture;
import static vn.hocba.xapi.statements.Json.json;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Statement facts for the GET Statements filters (Communication 2.1.3)")
class StatementFactsTest {

  private final StatementFacts full = StatementFacts.of(fixture("full-1.0.3.json"));
  private final StatementFacts sub = StatementFacts.of(fixture("substatement-2.0.json"));

  @Nested
  @DisplayName("identity: id and verb (table rows 1, 4)")
  class Identity {

    @Test
    void idIsLowercased() {
      assertThat(full.id()).isEqualTo("6690e6c9-3ef0-4ed3-8b37-7f3964730bee");
    }

    @Test
    void verbIdIsKeptExactly() {
      assertThat(full.verbId()).isEqualTo("http://adlnet.gov/expapi/verbs/attended");
    }
  }

  @Nested
  @DisplayName("agent filter: Actor or Object, Groups match by members (row 3)")
  class AgentFilter {

    @Test
    void actorGroupAndItsMembersMatch() {
      assertThat(full.agents())
          .containsExactlyInAnyOrder(
              "account:http://lms.example.com|team-pb",
              "mbox:mailto:andrew@example.com",
              "mbox_sha1sum:ebd31e95054c018b10727ccffd2ef2ec3a016ee9");
    }

    @Test
    void agentObjectMatches() {
      StatementFacts facts =
          StatementFacts.of(
              json(
                  "{'actor':{'mbox':'mailto:a@x.org'},'verb':{'id':'http://x.org/v'},"
                      + "'object':{'objectType':'Agent','openid':'http://id.x.org/b'}}"));
      assertThat(facts.agents())
          .containsExactlyInAnyOrder("mbox:mailto:a@x.org", "openid:http://id.x.org/b");
    }

    @Test
    void contextAuthorityAndSubStatementAgentsAreNotActorOrObject() {
      assertThat(full.agents())
          .doesNotContain(
              "mbox:mailto:team@example.com",
              "mbox:mailto:instructor-1@example.com",
              "account:http://cloud.scorm.com|anonymous");
      assertThat(sub.agents()).containsExactly("mbox:mailto:coach@example.com");
    }
  }

  @Nested
  @DisplayName(
      "related_agents: Actor, Object, Authority, Instructor, Team, and in a SubStatement (row 8)")
  class RelatedAgents {

    @Test
    void includesAuthorityInstructorTeamAndTheirMembers() {
      assertThat(full.relatedAgents())
          .contains(
              "account:http://lms.example.com|team-pb",
              "mbox:mailto:andrew@example.com",
              "account:http://cloud.scorm.com|anonymous",
              "mbox:mailto:instructor-1@example.com",
              "openid:http://openid.example.org/instructor-2",
              "mbox:mailto:team@example.com",
              "mbox:mailto:teammate@example.com")
          .hasSize(8);
    }

    @Test
    void anonymousAuthorityContributesItsMembers() {
      assertThat(sub.relatedAgents())
          .contains(
              "account:http://oauth.example.com|consumer-app",
              "mbox:mailto:authorizing-user@example.com");
    }

    @Test
    void includesTwoPointZeroContextAgentsAndContextGroupsWithMembers() {
      assertThat(sub.relatedAgents())
          .contains(
              "mbox:mailto:player-1@example.com",
              "mbox:mailto:team-1@example.com",
              "mbox:mailto:player-2@example.com",
              "mbox:mailto:player-3@example.com");
    }

    @Test
    void includesActorObjectAndContextAgentsOfTheSubStatement() {
      assertThat(sub.relatedAgents())
          .contains(
              "openid:http://openid.example.org/learner",
              "account:http://lms.example.com|mentee",
              "mbox:mailto:sub-instructor@example.com",
              "mbox:mailto:sub-team-member@example.com",
              "mbox:mailto:sub-context-agent@example.com",
              "mbox:mailto:sub-context-group@example.com",
              "mbox:mailto:sub-context-group-member@example.com");
    }

    @Test
    void relatedAgentsAlwaysIncludeTheAgentFilterKeys() {
      assertThat(full.relatedAgents()).containsAll(full.agents());
      assertThat(sub.relatedAgents()).containsAll(sub.agents());
    }
  }

  @Nested
  @DisplayName("activity and related_activities (rows 5, 7)")
  class Activities {

    @Test
    void activityIsTheObjectActivityOnly() {
      assertThat(full.activities())
          .containsExactly("http://www.example.com/meetings/occurances/34534");
    }

    @Test
    void objectWithoutObjectTypeIsAnActivity() {
      StatementFacts facts =
          StatementFacts.of(
              json(
                  "{'actor':{'mbox':'mailto:a@x.org'},'verb':{'id':'http://x.org/v'},'object':{'id':'http://x.org/act'}}"));
      assertThat(facts.activities()).containsExactly("http://x.org/act");
    }

    @Test
    void nonActivityObjectHasNoActivity() {
      assertThat(sub.activities()).isEmpty();
    }

    @Test
    void relatedActivitiesIncludeEveryContextActivityKindSingleOrArray() {
      assertThat(full.relatedActivities())
          .containsExactlyInAnyOrder(
              "http://www.example.com/meetings/occurances/34534",
              "http://www.example.com/meetings/series/267",
              "http://www.example.com/meetings/series",
              "http://www.example.com/meetings/categories/teammeeting",
              "http://www.example.com/other/1",
              "http://www.example.com/other/2");
    }

    @Test
    void relatedActivitiesIncludeThoseInsideASubStatement() {
      assertThat(sub.relatedActivities())
          .containsExactlyInAnyOrder(
              "http://example.com/activities/top-category",
              "http://example.com/activities/sub-parent",
              "http://example.com/activities/sub-other");
    }

    @Test
    void subStatementObjectActivityIsRelated() {
      StatementFacts facts =
          StatementFacts.of(
              json(
                  "{'actor':{'mbox':'mailto:a@x.org'},'verb':{'id':'http://x.org/v'},'object':{'objectType':'SubStatement',"
                      + "'actor':{'mbox':'mailto:a@x.org'},'verb':{'id':'http://x.org/v'},'object':{'id':'http://x.org/inner'}}}"));
      assertThat(facts.relatedActivities()).containsExactly("http://x.org/inner");
      assertThat(facts.activities()).isEmpty();
    }
  }

  @Nested
  @DisplayName("registration filter (row 6): the statement's own context only")
  class Registration {

    @Test
    void registrationIsLowercased() {
      assertThat(full.registrations()).containsExactly("ec531277-b57b-4c15-8d91-d292c5b2b8f7");
    }

    @Test
    void subStatementRegistrationIsNotTheStatementsRegistration() {
      assertThat(sub.registrations()).isEmpty();
    }
  }

  @Nested
  @DisplayName("StatementRef targets and voiding (2.1.3.s3, Data 2.3.2)")
  class References {

    private final JsonNode voiding =
        json(
            "{'actor':{'mbox':'mailto:a@x.org'},'verb':{'id':'http://adlnet.gov/expapi/verbs/voided'},"
                + "'object':{'objectType':'StatementRef','id':'E05AA883-ACAF-40AD-BF54-02C8CE485FB0'}}");

    @Test
    void statementRefTargetIsLowercased() {
      StatementFacts facts = StatementFacts.of(voiding);
      assertThat(facts.statementRefTarget()).contains("e05aa883-acaf-40ad-bf54-02c8ce485fb0");
      assertThat(facts.voiding()).isTrue();
    }

    @Test
    void statementRefWithAnotherVerbIsNotVoiding() {
      StatementFacts facts =
          StatementFacts.of(json(voiding.toString().replace("verbs/voided", "verbs/attempted")));
      assertThat(facts.statementRefTarget()).isPresent();
      assertThat(facts.voiding()).isFalse();
    }

    @Test
    void contextStatementRefIsNotATarget() {
      assertThat(full.statementRefTarget()).isEmpty();
      assertThat(full.voiding()).isFalse();
    }
  }

  @Nested
  @DisplayName("odd input never throws")
  class Defensive {

    @Test
    void emptyObjectGivesEmptyFacts() {
      StatementFacts facts = StatementFacts.of(json("{}"));
      assertThat(facts.id()).isEmpty();
      assertThat(facts.agents()).isEmpty();
      assertThat(facts.relatedActivities()).isEmpty();
      assertThat(facts.statementRefTarget()).isEmpty();
    }

    @Test
    void wrongTypesAreSkipped() {
      StatementFacts facts =
          StatementFacts.of(
              json(
                  "{'actor':'x','verb':[],'object':{'objectType':'Group','member':'x'},'context':{'contextActivities':{'parent':'x'},'contextAgents':{}}}"));
      assertThat(facts.verbId()).isEmpty();
      assertThat(facts.relatedAgents()).isEmpty();
    }

    @Test
    void setsAreUnmodifiable() {
      assertThat(full.agents()).isUnmodifiable();
    }
  }
}
