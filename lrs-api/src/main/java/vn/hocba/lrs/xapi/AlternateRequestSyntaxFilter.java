package vn.hocba.lrs.xapi;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.hocba.lrs.web.Errors;
import vn.hocba.xapi.model.XapiVersion;

/**
 * The Alternate Request Syntax of xAPI 1.0.3 (Communication 1.3): {@code POST
 * <resource>?method=PUT|GET|POST|DELETE} with an {@code application/x-www-form-urlencoded} body
 * whose {@code content} parameter is the would-be body, whose header-named parameters (1.3.s3.b6)
 * are the would-be headers and whose other parameters are the would-be query parameters
 * (1.3.s3.b14). The request is decoded here and forwarded as the request it stands for, so the
 * resources and {@link XapiRequestFilter} (authentication, version) see an ordinary request.
 *
 * <p>xAPI 2.0 (IEEE 9274.1.1) removed the syntax; a request naming a 2.0.x version, in the form or
 * in the header, is answered 400. Runs before {@link XapiRequestFilter}, after the CORS filter.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class AlternateRequestSyntaxFilter extends OncePerRequestFilter {

  /** The form parameters that stand for headers (Communication 1.3.s3.b6), lower case. */
  private static final Set<String> HEADER_PARAMS =
      Set.of(
          "authorization",
          "x-experience-api-version",
          "content-type",
          "content-length",
          "if-match",
          "if-none-match");

  private static final Set<String> METHODS = Set.of("GET", "HEAD", "PUT", "POST", "DELETE");

  private final long maxBodyBytes;

  AlternateRequestSyntaxFilter(
      @Value("${lrs.statements.max-body-bytes:16000000}") long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    // the raw query string, never getParameter: that would consume the form body
    if (!request.getRequestURI().startsWith(request.getContextPath() + "/xapi")) {
      return true;
    }
    try {
      return !decode(request.getQueryString()).containsKey("method");
    } catch (IllegalArgumentException e) {
      return true; // a malformed query string is the resource's to reject
    }
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Map<String, List<String>> query = decode(request.getQueryString());
    Optional<XapiVersion> headerVersion =
        XapiVersion.fromHeader(request.getHeader(XapiRequestFilter.VERSION_HEADER));
    if (headerVersion.orElse(null) == XapiVersion.V2_0_0) {
      reject(response, XapiVersion.V2_0_0, "xAPI 2.0 has no alternate request syntax");
      return;
    }
    XapiVersion answer = headerVersion.orElse(XapiVersion.V1_0_3);
    if (!"POST".equals(request.getMethod())) {
      reject(response, answer, "the alternate request syntax is issued as POST (1.3.s3.b1)");
      return;
    }
    if (query.size() != 1 || query.get("method").size() != 1) {
      reject(
          response,
          answer,
          "the alternate request syntax takes only 'method' in the query"
              + " string; other parameters go in the form (1.3.s3.b3)");
      return;
    }
    String method = query.get("method").get(0).toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      reject(response, answer, "unknown method '" + method + "' (1.3.s3.b2)");
      return;
    }
    String contentType = request.getContentType();
    if (contentType != null
        && !MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(parse(contentType))
        && !MediaType.TEXT_PLAIN.equalsTypeAndSubtype(parse(contentType))) {
      // text/plain or none: what a Cross Domain Request (Appendix C) can send
      reject(
          response,
          answer,
          "the alternate request syntax needs an application/x-www-form-urlencoded body (1.3.s3.b9)");
      return;
    }
    byte[] raw = readAtMost(request.getInputStream(), maxBodyBytes);
    if (raw == null) {
      Errors.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "the request body is too large");
      return;
    }
    Map<String, List<String>> form;
    try {
      // Communication 1.3.s3.b5: the content is a UTF-8 string
      form = decode(new String(raw, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      reject(response, answer, "the form body is not valid URL encoding");
      return;
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Map<String, List<String>> params = new LinkedHashMap<>();
    String content = null;
    for (Map.Entry<String, List<String>> e : form.entrySet()) {
      String name = e.getKey();
      if (e.getValue().size() != 1 && (name.equals("content") || isHeader(name))) {
        reject(response, answer, "form parameter '" + name + "' is given more than once");
        return;
      }
      if (name.equals("content")) {
        content = e.getValue().get(0);
      } else if (isHeader(name)) {
        headers.put(name, e.getValue().get(0));
      } else {
        params.put(name, e.getValue());
      }
    }
    String version = headers.get(XapiRequestFilter.VERSION_HEADER);
    if (version != null && XapiVersion.fromHeader(version).orElse(null) == XapiVersion.V2_0_0) {
      reject(response, XapiVersion.V2_0_0, "xAPI 2.0 has no alternate request syntax");
      return;
    }
    byte[] body = content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8);
    if (content != null && !headers.containsKey("Content-Type")) {
      // 1.3.s3.b10 is a SHOULD; JSON is what the xAPI resources mostly take
      headers.put("Content-Type", MediaType.APPLICATION_JSON_VALUE);
    }
    chain.doFilter(new Forwarded(request, method, headers, params, body), response);
  }

  private static boolean isHeader(String name) {
    return HEADER_PARAMS.contains(name.toLowerCase(Locale.ROOT));
  }

  private static MediaType parse(String contentType) {
    try {
      return MediaType.parseMediaType(contentType);
    } catch (RuntimeException e) {
      return MediaType.APPLICATION_OCTET_STREAM;
    }
  }

  private static void reject(HttpServletResponse response, XapiVersion version, String message)
      throws IOException {
    response.setHeader(XapiRequestFilter.VERSION_HEADER, version.header());
    Errors.write(response, HttpStatus.BAD_REQUEST, message);
  }

  /** The bytes of the stream, or null when it holds more than {@code max}. */
  private static byte[] readAtMost(InputStream in, long max) throws IOException {
    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
    return bytes.length > max ? null : bytes;
  }

  /** Parameters of a query string or form body, in order, values URL-decoded as UTF-8. */
  static Map<String, List<String>> decode(String encoded) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return out;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  /** The request the form stands for. */
  private static final class Forwarded extends HttpServletRequestWrapper {

    private static final Set<String> DROPPED =
        Set.of("content-type", "content-length", "transfer-encoding");

    private final String method;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, String[]> params = new LinkedHashMap<>();
    private final String queryString;
    private final byte[] body;

    Forwarded(
        HttpServletRequest request,
        String method,
        Map<String, String> formHeaders,
        Map<String, List<String>> formParams,
        byte[] body) {
      super(request);
      this.method = method;
      this.body = body;
      for (String name : Collections.list(request.getHeaderNames())) {
        if (!DROPPED.contains(name.toLowerCase(Locale.ROOT))) {
          headers.put(name, Collections.list(request.getHeaders(name)));
        }
      }
      // Communication 1.3.s3.b7: the form's header parameters win over the HTTP headers
      formHeaders.forEach((name, value) -> headers.put(name, List.of(value)));
      // the length is that of the content actually given, whatever the form claims
      headers.put("Content-Length", List.of(String.valueOf(body.length)));
      formParams.forEach((name, values) -> params.put(name, values.toArray(String[]::new)));
      this.queryString =
          formParams.isEmpty()
              ? null
              : formParams.entrySet().stream()
                  .flatMap(
                      e ->
                          e.getValue().stream()
                              .map(
                                  v ->
                                      URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                                          + "="
                                          + URLEncoder.encode(v, StandardCharsets.UTF_8)))
                  .collect(Collectors.joining("&"));
    }

    @Override
    public String getMethod() {
      return method;
    }

    @Override
    public String getQueryString() {
      return queryString;
    }

    @Override
    public String getParameter(String name) {
      String[] v = params.get(name);
      return v == null ? null : v[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
      return Collections.unmodifiableMap(params);
    }

    @Override
    public Enumeration<String> getParameterNames() {
      return Collections.enumeration(params.keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
      String[] v = params.get(name);
      return v == null ? null : v.clone();
    }

    @Override
    public String getHeader(String name) {
      List<String> v = headers.get(name);
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return Collections.enumeration(headers.getOrDefault(name, List.of()));
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      return Collections.enumeration(headers.keySet());
    }

    @Override
    public int getIntHeader(String name) {
      String v = getHeader(name);
      return v == null ? -1 : Integer.parseInt(v.trim());
    }

    @Override
    public String getContentType() {
      return getHeader("Content-Type");
    }

    @Override
    public String getCharacterEncoding() {
      String type = getContentType();
      if (type == null) {
        return null;
      }
      MediaType parsed = parse(type);
      return parsed.getCharset() == null ? null : parsed.getCharset().name();
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException();
        }

        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      String enc = getCharacterEncoding();
      return new BufferedReader(
          new InputStreamReader(
              new ByteArrayInputStream(body),
              enc == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(enc)));
    }
  }
}
