package vn.hocba.lrs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletResponse;

/** Unexpected failures: a 500 with a JSON body, unless the answer has already begun. */
class ErrorsTest {

  final Errors errors = new Errors();

  @Test
  @DisplayName("before anything is sent: 500 with a JSON body, and bytes written earlier dropped")
  void uncommittedIs500() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    response.getOutputStream().write("{\"half\":".getBytes(StandardCharsets.UTF_8));
    ResponseEntity<String> r = errors.unexpected(new IllegalStateException("boom"), response);
    assertThat(r.getStatusCode().value()).isEqualTo(500);
    assertThat(r.getBody()).contains("\"statusCode\":500").doesNotContain("boom");
    assertThat(response.getContentAsByteArray()).isEmpty();
  }

  @Test
  @DisplayName("after a streamed answer has begun: rethrown, so that the connection is cut")
  void committedIsRethrown() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    response.getOutputStream().write("{\"id\":\"x\"}\n".getBytes(StandardCharsets.UTF_8));
    response.flushBuffer();
    IllegalStateException failure = new IllegalStateException("store gone");
    assertThatThrownBy(() -> errors.unexpected(failure, response)).isSameAs(failure);
  }
}
