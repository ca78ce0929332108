package vn.hocba.lrs.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** NDJSON lines (one JSON text per line, LF-terminated) read from a byte stream. */
class NdjsonLinesTest {

  static List<NdjsonLines.Line> read(byte[] bytes, int maxLineBytes, int readSize)
      throws IOException {
    InputStream in =
        new ByteArrayInputStream(bytes) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, readSize)); // a network that trickles
          }
        };
    NdjsonLines lines = new NdjsonLines(in, maxLineBytes);
    List<NdjsonLines.Line> out = new ArrayList<>();
    NdjsonLines.Line l;
    while ((l = lines.next()) != null) {
      out.add(l);
    }
    return out;
  }

  static List<String> texts(List<NdjsonLines.Line> lines) {
    return lines.stream()
        .map(l -> l.tooLong() ? "<too long>" : new String(l.bytes(), StandardCharsets.UTF_8))
        .toList();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("LF and CRLF end lines; a last line without LF counts; nothing after a last LF")
  void lineEnds() throws IOException {
    for (int readSize : new int[] {1, 2, 3, 7, 1 << 20}) {
      assertThat(texts(read(utf8("{\"a\":1}\n{\"b\":2}\r\n{\"c\":3}"), 100, readSize)))
          .containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
      assertThat(texts(read(utf8("x\n"), 100, readSize))).containsExactly("x");
      assertThat(read(new byte[0], 100, readSize)).isEmpty();
    }
  }

  @Test
  @DisplayName("blank lines keep their numbers, so reports point at the right line")
  void blankLinesAreNumbered() throws IOException {
    List<NdjsonLines.Line> lines = read(utf8("a\n\n \t\r\nb\n"), 100, 3);
    assertThat(lines).extracting(NdjsonLines.Line::number).containsExactly(1L, 2L, 3L, 4L);
    assertThat(lines).extracting(NdjsonLines.Line::blank).containsExactly(false, true, true, false);
  }

  @Test
  @DisplayName("a UTF-8 byte order mark at the start is skipped; multi-byte text is kept whole")
  void byteOrderMarkAndUtf8() throws IOException {
    byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
    byte[] text = utf8("{\"vi\":\"Học bạ\"}\n");
    byte[] all = new byte[bom.length + text.length];
    System.arraycopy(bom, 0, all, 0, 3);
    System.arraycopy(text, 0, all, 3, text.length);
    assertThat(texts(read(all, 100, 1 << 20))).containsExactly("{\"vi\":\"Học bạ\"}");
  }

  @Test
  @DisplayName("a line over the limit is skipped without being held, and the next line counts")
  void tooLongLine() throws IOException {
    String big = "x".repeat(10_000);
    for (int readSize : new int[] {5, 4096, 1 << 20}) {
      List<NdjsonLines.Line> lines = read(utf8("ok\n" + big + "\nnext\n"), 100, readSize);
      assertThat(texts(lines)).containsExactly("ok", "<too long>", "next");
      assertThat(lines.get(1).bytes()).isEmpty();
      assertThat(lines.get(2).number()).isEqualTo(3);
    }
    // exactly at the limit is fine, with or without CR
    assertThat(texts(read(utf8("abc\r\nabcd\n"), 3, 2))).containsExactly("abc", "<too long>");
  }
}
