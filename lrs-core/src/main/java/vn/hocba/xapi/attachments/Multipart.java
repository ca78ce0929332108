package vn.hocba.xapi.attachments;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A multipart body as RFC 2046 5.1.1 defines it, for Communication 1.5.2: a delimiter is CRLF, "--"
 * and the boundary (the first may start the body), optionally followed by linear white space, then
 * CRLF; the close delimiter adds "--". Text before the first delimiter is a preamble and text after
 * the close delimiter an epilogue, both ignored. Part bodies are bytes, never decoded.
 */
public final class Multipart {

  /** One body part: header names in lower case, the body exactly as sent. */
  public record Part(Map<String, String> headers, byte[] body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The media type of the Content-Type header without parameters, lower case; or null. */
    public String mediaType() {
      String type = header("content-type");
      if (type == null) {
        return null;
      }
      int semicolon = type.indexOf(';');
      return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
  }

  private static final byte CR = '\r';
  private static final byte LF = '\n';

  private Multipart() {}

  /**
   * The parts of {@code body}.
   *
   * @throws AttachmentException when the body has no delimiter, is not closed, or a part's headers
   *     are malformed (Communication 1.5.2.s2.b2, RFC 2046)
   */
  public static List<Part> parse(byte[] body, String boundary) {
    if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
      throw new AttachmentException(
          "multipart/mixed needs a boundary parameter of 1 to 70 characters (RFC 2046 5.1.1)");
    }
    byte[] dash = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    int pos;
    if (startsWith(body, 0, dash)) {
      pos = dash.length;
    } else {
      long first = delimiter(body, dash, 0);
      if (first < 0) {
        throw new AttachmentException(
            "the multipart body has no boundary delimiter (Communication 1.5.2.s2.b2, RFC 2046)");
      }
      pos = (int) first;
    }
    List<Part> parts = new ArrayList<>();
    while (true) {
      if (startsWith(body, pos, new byte[] {'-', '-'})) {
        break; // close delimiter; the rest is epilogue
      }
      pos = skipLinearWhiteSpace(body, pos);
      if (!(pos + 1 < body.length && body[pos] == CR && body[pos + 1] == LF)) {
        throw new AttachmentException(
            "a multipart boundary delimiter must end its line (RFC 2046 5.1.1)");
      }
      int start = pos + 2;
      long next = delimiter(body, dash, start);
      if (next < 0) {
        throw new AttachmentException(
            "the multipart body has no close delimiter (--boundary--) (RFC 2046 5.1.1)");
      }
      parts.add(part(Arrays.copyOfRange(body, start, (int) (next >>> 32))));
      pos = (int) next;
    }
    if (parts.isEmpty()) {
      throw new AttachmentException("the multipart body has no parts (RFC 2046 5.1.1)");
    }
    return parts;
  }

  /**
   * The next delimiter at or after {@code from}: "--boundary" followed by "--" or by the end of its
   * line. Packed as (end of the part before it) << 32 | (position just after "--boundary"), or -1.
   * RFC 2046 puts a CRLF before every delimiter; some widely used clients (the @xapi/xapi npm
   * package) omit it between parts, so a delimiter directly after part data is accepted too (the
   * boundary is chosen not to occur in any part, RFC 2046 5.1.1).
   */
  private static long delimiter(byte[] body, byte[] dash, int from) {
    for (int k = Math.max(from, 0); k + dash.length <= body.length; k++) {
      if (!startsWith(body, k, dash)) {
        continue;
      }
      int after = k + dash.length;
      boolean close = startsWith(body, after, new byte[] {'-', '-'});
      int j = skipLinearWhiteSpace(body, after);
      boolean endOfLine = j + 1 < body.length && body[j] == CR && body[j + 1] == LF;
      if (close || endOfLine) {
        int end = k >= from + 2 && body[k - 2] == CR && body[k - 1] == LF ? k - 2 : k;
        return ((long) end << 32) | after;
      }
    }
    return -1;
  }

  private static int skipLinearWhiteSpace(byte[] body, int pos) {
    while (pos < body.length && (body[pos] == ' ' || body[pos] == '\t')) {
      pos++;
    }
    return pos;
  }

  private static boolean startsWith(byte[] body, int pos, byte[] prefix) {
    if (pos < 0 || pos + prefix.length > body.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (body[pos + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static Part part(byte[] content) {
    Map<String, String> headers = new LinkedHashMap<>();
    int pos = 0;
    while (true) {
      int eol = lineEnd(content, pos);
      if (eol < 0) {
        throw new AttachmentException(
            "a multipart part needs an empty line between its headers and its body (RFC 2046)");
      }
      if (eol == pos) {
        pos += 2;
        break;
      }
      String line = new String(content, pos, eol - pos, StandardCharsets.ISO_8859_1);
      if ((line.startsWith(" ") || line.startsWith("\t")) && !headers.isEmpty()) {
        String last = headers.keySet().stream().reduce((a, b) -> b).orElseThrow();
        headers.put(last, headers.get(last) + " " + line.trim()); // folded header line
      } else {
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new AttachmentException("malformed multipart part header '" + line + "'");
        }
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
      pos = eol + 2;
    }
    return new Part(Map.copyOf(headers), Arrays.copyOfRange(content, pos, content.length));
  }

  private static int lineEnd(byte[] content, int from) {
    for (int i = from; i + 1 < content.length; i++) {
      if (content[i] == CR && content[i + 1] == LF) {
        return i;
      }
    }
    return -1;
  }

  private static final java.util.regex.Pattern BOUNDARY =
      java.util.regex.Pattern.compile("(?i);\\s*boundary=(?:\"([^\"]*)\"|([^;]*))");

  /**
   * The media type ("type/subtype", lower case) of a Content-Type header value, read leniently:
   * widely used clients send boundaries such as {@code ===1700000000===} unquoted, which a strict
   * RFC 2045 parser refuses.
   */
  public static String mediaType(String contentType) {
    return contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
  }

  /** The boundary parameter of a multipart Content-Type value, quoted or not. */
  public static java.util.Optional<String> boundary(String contentType) {
    java.util.regex.Matcher m = BOUNDARY.matcher(contentType);
    if (!m.find()) {
      return java.util.Optional.empty();
    }
    String value = m.group(1) != null ? m.group(1) : m.group(2).trim();
    return value.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(value);
  }
}
