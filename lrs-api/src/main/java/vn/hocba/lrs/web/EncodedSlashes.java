package vn.hocba.lrs.web;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Person keys go into paths URL-encoded (docs/dashboard-api.md), and an account key holds its
 * homePage, so {@code %2F} must reach the application: Tomcat rejects it by default with an HTML
 * 400. Passed through, it stays inside one path segment and Spring decodes the path variable.
 */
@Configuration
class EncodedSlashes {

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> passEncodedSlashesThrough() {
    return factory ->
        factory.addConnectorCustomizers(c -> c.setEncodedSolidusHandling("passthrough"));
  }
}
