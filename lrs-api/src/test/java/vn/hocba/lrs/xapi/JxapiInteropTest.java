package vn.hocba.lrs.xapi;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.hocba.lrs.xapi.XapiClient.q;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import gov.adlnet.xapi.client.ActivityClient;
import gov.adlnet.xapi.client.AgentClient;
import gov.adlnet.xapi.client.StatementClient;
import gov.adlnet.xapi.model.Activity;
import gov.adlnet.xapi.model.ActivityDefinition;
import gov.adlnet.xapi.model.ActivityProfile;
import gov.adlnet.xapi.model.ActivityState;
import gov.adlnet.xapi.model.Agent;
import gov.adlnet.xapi.model.AgentProfile;
import gov.adlnet.xapi.model.Attachment;
import gov.adlnet.xapi.model.Person;
import gov.adlnet.xapi.model.Statement;
import gov.adlnet.xapi.model.StatementReference;
import gov.adlnet.xapi.model.StatementResult;
import gov.adlnet.xapi.model.Verb;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The running LRS driven by a third-party client: ADL's jxapi 1.0.0 ({@code gov.adlnet:jxapi}),
 * which sends {@code X-Experience-API-Version: 1.0.0}, so these requests are served by 1.0.3 rules.
 *
 * <p>Library features exercised: {@code StatementClient} postStatement, putStatement, get (by id),
 * getVoided, filterByActor, filterByVerb, filterByActivity, limitResults, getStatements (and
 * following {@code more}); {@code ActivityClient} putActivityState, getActivityState,
 * getActivityStates, deleteActivityState, getActivityProfile, getActivityProfiles, getActivity;
 * {@code AgentClient} getAgentProfile, getAgentProfiles, getPerson.
 *
 * <p>Not exercised: the profile writes (put/post/delete of activity and agent profiles). jxapi
 * 1.0.0 builds their URL with {@code new URL(protocol, host, path)}, dropping the port, so they
 * only reach an LRS on port 80/443; here the profiles are written with the plain test client and
 * read back through jxapi. Its {@code postStatementWithAttachment} writes {@code byte[].toString()}
 * instead of the bytes, so its attachments cannot work against any LRS; the test checks that such a
 * request is refused whole. Attachments through a working third-party client are covered by {@link
 * XapiJsClientInteropTest} (@xapi/xapi).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class JxapiInteropTest {

  private static final String COMPLETED = "http://adlnet.gov/expapi/verbs/completed";
  private static final String VOIDED = "http://adlnet.gov/expapi/verbs/voided";

  @LocalServerPort int port;
  String endpoint;
  XapiClient lrs;
  Agent learner;
  String mbox;
  String activityId;

  @BeforeEach
  void setUp() {
    endpoint = "http://127.0.0.1:" + port + "/xapi/";
    lrs = new XapiClient(port).version("1.0.3");
    mbox = Statements.mbox();
    learner = new Agent("An", mbox);
    activityId = "http://example.org/activities/" + UUID.randomUUID();
  }

  private Statement completed() {
    HashMap<String, String> display = new HashMap<>();
    display.put("en-US", "completed");
    HashMap<String, String> name = new HashMap<>();
    name.put("en-US", "Algebra 1");
    HashMap<String, String> description = new HashMap<>();
    description.put("en-US", "the first algebra unit");
    return new Statement(
        learner,
        new Verb(COMPLETED, display),
        new Activity(activityId, new ActivityDefinition(name, description)));
  }

  @Test
  @DisplayName("jxapi posts, puts, gets, queries and voids statements (Communication 2.1)")
  void statements() throws Exception {
    StatementClient client = new StatementClient(endpoint, "test-key", "test-secret");

    String posted = client.postStatement(completed());
    assertThat(posted).matches("[0-9a-f-]{36}");
    Statement got = client.get(posted);
    assertThat(got.getId()).isEqualTo(posted);
    assertThat(got.getVerb().getId()).isEqualTo(COMPLETED);
    assertThat(got.getStored()).isNotNull();
    assertThat(got.getAuthority()).isNotNull();

    String putId = UUID.randomUUID().toString();
    Statement second = completed();
    second.setId(putId);
    assertThat(client.putStatement(second, putId)).isTrue();
    assertThat(client.get(putId).getId()).isEqualTo(putId);

    StatementResult byActorAndVerb =
        new StatementClient(endpoint, "test-key", "test-secret")
            .filterByActor(learner)
            .filterByVerb(COMPLETED)
            .getStatements();
    assertThat(byActorAndVerb.getStatements())
        .extracting(Statement::getId)
        .containsExactlyInAnyOrder(posted, putId);

    StatementResult firstPage =
        new StatementClient(endpoint, "test-key", "test-secret")
            .filterByActivity(activityId)
            .limitResults(1)
            .getStatements();
    assertThat(firstPage.getStatements()).hasSize(1);
    assertThat(firstPage.hasMore()).isTrue();
    StatementResult secondPage =
        new StatementClient(endpoint, "test-key", "test-secret").getStatements(firstPage.getMore());
    assertThat(secondPage.getStatements()).hasSize(1);
    assertThat(secondPage.getStatements().get(0).getId())
        .isNotEqualTo(firstPage.getStatements().get(0).getId());

    HashMap<String, String> voidedDisplay = new HashMap<>();
    voidedDisplay.put("en-US", "voided");
    String voiding =
        client.postStatement(
            new Statement(
                new Agent("Admin", "mailto:admin@example.org"),
                new Verb(VOIDED, voidedDisplay),
                new StatementReference(posted)));
    assertThat(client.getVoided(posted).getId()).isEqualTo(posted);
    assertThat(client.get(voiding).getObject().getObjectType()).isEqualTo("StatementRef");
    StatementResult afterVoiding =
        new StatementClient(endpoint, "test-key", "test-secret")
            .filterByActor(learner)
            .filterByVerb(COMPLETED)
            .getStatements();
    // the voided statement is gone; the voiding statement still matches the filter through its
    // StatementRef (Communication 2.1.3.s1.b3), most recent first
    assertThat(afterVoiding.getStatements())
        .extracting(Statement::getId)
        .containsExactly(voiding, putId);
  }

  @Test
  @DisplayName("jxapi puts, gets, lists and deletes state documents (Communication 2.3)")
  void state() throws Exception {
    ActivityClient client = new ActivityClient(endpoint, "test-key", "test-secret");
    ActivityState state = new ActivityState(activityId, "bookmark", learner);
    JsonObject doc = new JsonObject();
    doc.addProperty("page", 7);
    state.setState(doc);

    assertThat(client.putActivityState(state)).isTrue();
    JsonObject read = client.getActivityState(state);
    assertThat(read.get("page").getAsInt()).isEqualTo(7);
    JsonArray ids = client.getActivityStates(activityId, learner, null, null);
    assertThat(ids).hasSize(1);
    assertThat(ids.get(0).getAsString()).isEqualTo("bookmark");

    assertThat(client.deleteActivityState(state)).isTrue();
    assertThat(client.getActivityStates(activityId, learner, null, null)).isEmpty();
  }

  @Test
  @DisplayName("jxapi reads activity and agent profiles (Communication 2.6, 2.7)")
  void profiles() throws Exception {
    String agentJson = "{\"objectType\":\"Agent\",\"mbox\":\"" + mbox + "\"}";
    createJson(
        "/xapi/activities/profile?activityId=" + q(activityId) + "&profileId=settings",
        "{\"theme\":\"dark\"}");
    createJson(
        "/xapi/agents/profile?agent=" + q(agentJson) + "&profileId=preferences",
        "{\"language\":\"vi\"}");

    ActivityClient activities = new ActivityClient(endpoint, "test-key", "test-secret");
    JsonObject activityProfile =
        activities.getActivityProfile(new ActivityProfile(activityId, "settings"));
    assertThat(activityProfile.get("theme").getAsString()).isEqualTo("dark");
    assertThat(activities.getActivityProfiles(activityId, null).get(0).getAsString())
        .isEqualTo("settings");

    AgentClient agents = new AgentClient(endpoint, "test-key", "test-secret");
    JsonElement agentProfile = agents.getAgentProfile(new AgentProfile(learner, "preferences"));
    assertThat(agentProfile.getAsJsonObject().get("language").getAsString()).isEqualTo("vi");
    assertThat(agents.getAgentProfiles(learner, null).get(0).getAsString())
        .isEqualTo("preferences");
  }

  @Test
  @DisplayName("jxapi gets an activity and a person (Communication 2.4, 2.5)")
  void activityAndPerson() throws Exception {
    new StatementClient(endpoint, "test-key", "test-secret").postStatement(completed());

    Activity activity =
        new ActivityClient(endpoint, "test-key", "test-secret").getActivity(activityId);
    assertThat(activity.getId()).isEqualTo(activityId);
    assertThat(activity.getDefinition().getName()).containsEntry("en-US", "Algebra 1");

    Person person = new AgentClient(endpoint, "test-key", "test-secret").getPerson(learner);
    assertThat(person.getObjectType()).isEqualTo("Person");
    assertThat(person.getMbox()).containsExactly(mbox);
    assertThat(person.getName()).contains("An");
  }

  @Test
  @DisplayName(
      "jxapi 1.0.0 sends the Java identity of its byte[] as the attachment part: the LRS refuses"
          + " the request with 400 naming the hash mismatch and stores nothing (Communication 1.5.2)")
  void brokenAttachmentPartIsRefusedWhole() throws Exception {
    byte[] content = "certificate".getBytes(StandardCharsets.US_ASCII);
    Attachment certificate = new Attachment();
    certificate.setUsageType(
        java.net.URI.create("http://example.org/attachment-types/certificate"));
    HashMap<String, String> display = new HashMap<>();
    display.put("en-US", "certificate");
    certificate.setDisplay(display);
    certificate.setContentType("text/plain");
    certificate.setLength(content.length);
    certificate.setSha2(
        java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content)));
    Statement statement = completed();
    String id = UUID.randomUUID().toString();
    statement.setId(id);
    statement.setAttachments(new java.util.ArrayList<>(java.util.List.of(certificate)));

    StatementClient client = new StatementClient(endpoint, "test-key", "test-secret");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                client.postStatementWithAttachment(
                    statement, "text/plain", new java.util.ArrayList<>(java.util.List.of(content))))
        .hasMessageContaining("400")
        .hasMessageContaining("X-Experience-API-Hash");
    assertThat(lrs.get("?statementId=" + id).statusCode()).isEqualTo(404);
  }

  /** Creates a JSON document with the project's own client (If-None-Match: *, expecting 204). */
  private void createJson(String path, String json) {
    assertThat(
            lrs.raw(
                    "PUT",
                    path,
                    json.getBytes(StandardCharsets.UTF_8),
                    "Content-Type",
                    "application/json",
                    "If-None-Match",
                    "*")
                .statusCode())
        .isEqualTo(204);
  }
}
