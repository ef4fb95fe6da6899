package io.taskbus.events.pg;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * UTF-8 JSON written straight into bytes, for the events a node writes from their columns: one
 * array grown as needed and handed over as the message's buffer, with no string in between.
 */
final class JsonBytes {
  private static final JsonStringEncoder STRINGS = JsonStringEncoder.getInstance();
  private static final byte[] NULL = ascii("null");
  private static final byte[] UTC = ascii("+00:00\"");
  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");
  private static final byte[] QUOTE = ascii("\"");
  private static final int[] TENS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

  private byte[] bytes;
  private int length;

  JsonBytes(int capacity) {
    bytes = new byte[capacity];
  }

  /** The bytes of an ASCII constant, such as a key with its quotes and colon. */
  static byte[] ascii(String constant) {
    return constant.getBytes(StandardCharsets.US_ASCII);
  }

  JsonBytes raw(byte[] constant) {
    room(constant.length);
    System.arraycopy(constant, 0, bytes, length, constant.length);
    length += constant.length;
    return this;
  }

  /** JSON text as it is (PostgreSQL's text of a JSON column); null as null. */
  JsonBytes json(String text) {
    return text == null ? raw(NULL) : raw(text.getBytes(StandardCharsets.UTF_8));
  }

  JsonBytes number(long value) {
    if (value < 0) {
      if (value == Long.MIN_VALUE) {
        return raw(ascii(Long.toString(value)));
      }
      room(1);
      bytes[length++] = '-';
      value = -value;
    }
    int count = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      count++;
    }
    room(count);
    for (int i = length + count - 1; i >= length; i--) {
      bytes[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    length += count;
    return this;
  }

  JsonBytes bool(boolean value) {
    return raw(value ? TRUE : FALSE);
  }

  /** A JSON string, quoted and escaped; null as null. */
  JsonBytes string(String value) {
    if (value == null) {
      return raw(NULL);
    }
    int n = value.length();
    room(n + 2);
    int at = length;
    bytes[at++] = '"';
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
        // Escapes or more than a byte a character: the library's way, for the names few jobs have.
        return raw(QUOTE).raw(STRINGS.quoteAsUTF8(value)).raw(QUOTE);
      }
      bytes[at++] = (byte) c;
    }
    bytes[at++] = '"';
    length = at;
    return this;
  }

  /** An array of numbers; null as an empty array. */
  JsonBytes ids(Long[] ids) {
    room(1);
    bytes[length++] = '[';
    for (int i = 0; ids != null && i < ids.length; i++) {
      if (i > 0) {
        room(1);
        bytes[length++] = ',';
      }
      number(ids[i]);
    }
    room(1);
    bytes[length++] = ']';
    return this;
  }

  /**
   * A time as PostgreSQL's to_json writes it in a UTC session, which events written as JSON used:
   * "2026-01-01T10:00:00.1234+00:00", microseconds without trailing zeros; null as null.
   */
  JsonBytes time(OffsetDateTime value) {
    if (value == null) {
      return raw(NULL);
    }
    LocalDateTime t = value.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    room(40);
    bytes[length++] = '"';
    digits(t.getYear(), 4);
    bytes[length++] = '-';
    digits(t.getMonthValue(), 2);
    bytes[length++] = '-';
    digits(t.getDayOfMonth(), 2);
    bytes[length++] = 'T';
    digits(t.getHour(), 2);
    bytes[length++] = ':';
    digits(t.getMinute(), 2);
    bytes[length++] = ':';
    digits(t.getSecond(), 2);
    int micros = t.getNano() / 1000;
    if (micros != 0) {
      int width = 6;
      while (micros % 10 == 0) {
        micros /= 10;
        width--;
      }
      bytes[length++] = '.';
      digits(micros, width);
    }
    return raw(UTC);
  }

  /** {@code value} (not negative) in at least {@code width} digits, zeros in front. */
  private void digits(int value, int width) {
    int count = width;
    for (long limit = TENS[width]; value >= limit; limit *= 10) {
      count++;
    }
    for (int i = length + count - 1; i >= length; i--) {
      bytes[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    length += count;
  }

  private void room(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }

  /** How many bytes are written. */
  int length() {
    return length;
  }

  /** A copy of the bytes written from {@code from} to {@code to}. */
  byte[] bytes(int from, int to) {
    return Arrays.copyOfRange(bytes, from, to);
  }

  /** The bytes written, as a buffer that shares them. */
  Buffer buffer() {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes, 0, length));
  }

  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }
}
