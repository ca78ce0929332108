package vn.hocba.lrs.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.hocba.lrs.security.Principal;
import vn.hocba.lrs.web.Problem;
import vn.hocba.xapi.json.StrictJson;

/**
 * {@code /admin/rebuilds}: start a read model's rebuild from event zero and follow it (scope {@code
 * admin}).
 */
@RestController
class RebuildResource {

  static final String PATH = "/admin/rebuilds";

  private final Rebuilds rebuilds;

  RebuildResource(Rebuilds rebuilds) {
    this.rebuilds = rebuilds;
  }

  @PostMapping(PATH + "/{group}")
  ResponseEntity<String> start(@PathVariable String group, HttpServletRequest request) {
    Principal.of(request).require("admin");
    Rebuilds.Started started = rebuilds.start(group);
    if (started instanceof Rebuilds.Started.Accepted a) {
      return ResponseEntity.accepted()
          .location(URI.create(PATH + "/" + group))
          .contentType(MediaType.APPLICATION_JSON)
          .body(StrictJson.write(json(a.status())));
    }
    if (started instanceof Rebuilds.Started.AlreadyRunning) {
      throw Problem.conflict(
          "a rebuild of '" + group + "' is already running; follow it at " + PATH + "/" + group);
    }
    if (started instanceof Rebuilds.Started.NotResettable) {
      throw Problem.conflict(
          "the event handlers of '" + group + "' do not allow a replay, so it cannot be rebuilt");
    }
    throw unknown(group);
  }

  @GetMapping(PATH + "/{group}")
  ResponseEntity<String> status(@PathVariable String group, HttpServletRequest request) {
    Principal.of(request).require("admin");
    if (!rebuilds.known(group)) {
      throw unknown(group);
    }
    Rebuilds.Status s =
        rebuilds
            .status(group)
            .orElseThrow(
                () ->
                    Problem.notFound(
                        "'" + group + "' has not been rebuilt since this LRS process started"));
    return ok(json(s));
  }

  @GetMapping(PATH)
  ResponseEntity<String> all(HttpServletRequest request) {
    Principal.of(request).require("admin");
    ObjectNode out = StrictJson.mapper().createObjectNode();
    ArrayNode groups = out.putArray("processingGroups");
    rebuilds.groups().forEach(groups::add);
    ArrayNode list = out.putArray("rebuilds");
    rebuilds.all().forEach(s -> list.add(json(s)));
    return ok(out);
  }

  private Problem unknown(String group) {
    return Problem.notFound(
        "no tracking processing group '"
            + group
            + "'; the groups that can be rebuilt are "
            + String.join(", ", rebuilds.groups()));
  }

  private static ResponseEntity<String> ok(ObjectNode body) {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(StrictJson.write(body));
  }

  static ObjectNode json(Rebuilds.Status s) {
    ObjectNode n = StrictJson.mapper().createObjectNode();
    n.put("processingGroup", s.processingGroup());
    n.put("state", s.state().json);
    n.put("resumed", s.resumed());
    n.put("startedAt", s.startedAt().toString());
    s.caughtUpAt().ifPresent(t -> n.put("caughtUpAt", t.toString()));
    n.put("eventsDone", s.eventsDone());
    n.put("targetPosition", s.targetPosition());
    n.put("headPosition", s.headPosition());
    if (s.eventsPerSecond().isPresent()) {
      n.put("eventsPerSecond", Math.round(s.eventsPerSecond().getAsDouble() * 10) / 10.0);
    } else {
      n.putNull("eventsPerSecond");
    }
    if (s.secondsLeft().isPresent()) {
      n.put("secondsLeft", s.secondsLeft().getAsLong());
    } else {
      n.putNull("secondsLeft");
    }
    s.error().ifPresent(e -> n.put("error", e));
    return n;
  }
}
