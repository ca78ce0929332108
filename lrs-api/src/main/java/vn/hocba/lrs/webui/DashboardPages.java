package vn.hocba.lrs.webui;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the dashboard's single page at {@code /dashboard/} and its assets under {@code
 * /dashboard/**}. The pages hold no data (the API behind Basic auth does), so they are public and
 * revalidated on every use ({@code no-cache} with Last-Modified) so that an upgrade never mixes old
 * and new modules.
 */
@Controller
class DashboardPages implements WebMvcConfigurer {

  static final String LOCATION = "classpath:/static/dashboard/";
  private static final Resource INDEX = new ClassPathResource("static/dashboard/index.html");

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry
        .addResourceHandler("/dashboard/**")
        .addResourceLocations(LOCATION)
        .setCacheControl(CacheControl.noCache());
  }

  /** Without the slash the page's relative module paths would resolve against the root. */
  @GetMapping("/dashboard")
  ResponseEntity<Void> withoutSlash(HttpServletRequest request) {
    String query = request.getQueryString();
    String target = request.getContextPath() + "/dashboard/" + (query == null ? "" : "?" + query);
    return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY).location(URI.create(target)).build();
  }

  @GetMapping("/dashboard/")
  ResponseEntity<Resource> index() {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noCache())
        .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
        .body(INDEX);
  }
}
