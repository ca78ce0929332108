package vn.hocba.lrs.xapi;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The About resource (Communication 2.8): the versions this LRS speaks, open to anyone. */
@RestController
class AboutResource {

  @GetMapping(
      value = {"/xapi/about", "/xapi/about/"},
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> about() {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body("{\"version\":[\"1.0.3\",\"2.0.0\"],\"extensions\":{}}");
  }
}
