package vn.hocba.lrs.migration;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into NDJSON lines without holding more than one line: lines end at LF, a CR
 * before it is dropped, a last line without LF counts, and a UTF-8 byte order mark at the very
 * start is skipped (editors on Windows write one). A line longer than the limit is read past and
 * returned as {@link Line#tooLong()}, so one huge line costs no memory and the next lines still
 * count.
 */
final class NdjsonLines {

  /** One line: its 1-based number in the stream and its bytes without the line end. */
  record Line(long number, byte[] bytes, boolean tooLong) {

    /** Only spaces and tabs (or nothing): skipped by readers of NDJSON. */
    boolean blank() {
      for (byte b : bytes) {
        if (b != ' ' && b != '\t') {
          return false;
        }
      }
      return !tooLong;
    }
  }

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[64 * 1024];
  private int position;
  private int limit;
  private long number;
  private boolean ended;
  private boolean started;

  NdjsonLines(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** The next line, or null after the last one. */
  Line next() throws IOException {
    if (ended && position >= limit) {
      return null;
    }
    byte[] line = new byte[256];
    int length = 0;
    boolean tooLong = false;
    boolean sawAny = false;
    while (true) {
      if (position >= limit && !fill()) {
        if (!sawAny) {
          return null; // the stream ended right after a line end
        }
        break;
      }
      sawAny = true;
      int start = position;
      int end = start;
      while (end < limit && buffer[end] != '\n') {
        end++;
      }
      int chunk = end - start;
      if (!tooLong) {
        if (length + chunk > maxLineBytes + 1) { // +1: a CR before the LF is not counted
          tooLong = true;
          line = new byte[0];
          length = 0;
        } else {
          if (length + chunk > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + chunk));
          }
          System.arraycopy(buffer, start, line, length, chunk);
          length += chunk;
        }
      }
      position = end;
      if (end < limit) {
        position++; // past the LF
        break;
      }
    }
    if (!tooLong && length > 0 && line[length - 1] == '\r') {
      length--;
    }
    if (!tooLong && length > maxLineBytes) {
      tooLong = true;
      length = 0;
    }
    number++;
    return new Line(number, Arrays.copyOf(line, length), tooLong);
  }

  private boolean fill() throws IOException {
    if (ended) {
      return false;
    }
    int n = in.read(buffer, 0, buffer.length);
    if (n < 0) {
      ended = true;
      position = limit = 0;
      return false;
    }
    position = 0;
    limit = n;
    if (!started) {
      started = true;
      if (n >= 3
          && (buffer[0] & 0xff) == 0xef
          && (buffer[1] & 0xff) == 0xbb
          && (buffer[2] & 0xff) == 0xbf) {
        position = 3;
      }
    }
    return true;
  }
}
