package io.segmentflow.segments.data;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * In-memory binary forms of per-contact state, which a stream reads and writes on every input. The
 * bytes are those of {@link java.io.DataOutputStream} and {@link DataInputStream} (big-endian
 * numbers, {@code writeUTF}'s modified UTF-8), written and read straight into and from an array:
 * the JDK's streams go through a virtual call per byte.
 */
public final class StateBytes {

  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private StateBytes() {}

  /** A writer collecting bytes; {@link Writer#toByteArray()} gives them. */
  public static Writer writer(int initialSize) {
    return new Writer(initialSize);
  }

  /** A reader over bytes. */
  public static Reader reader(byte[] bytes) {
    return new Reader(bytes, 0, bytes.length);
  }

  /** Writes what {@link java.io.DataOutputStream}'s methods of the same names write. */
  public static final class Writer {
    private byte[] bytes;
    private int size;

    private Writer(int initialSize) {
      bytes = new byte[Math.max(16, initialSize)];
    }

    public void writeByte(int value) {
      ensure(1);
      bytes[size++] = (byte) value;
    }

    public void writeBoolean(boolean value) {
      writeByte(value ? 1 : 0);
    }

    public void writeShort(int value) {
      ensure(2);
      SHORT.set(bytes, size, (short) value);
      size += 2;
    }

    public void writeInt(int value) {
      ensure(4);
      INT.set(bytes, size, value);
      size += 4;
    }

    public void writeLong(long value) {
      ensure(8);
      LONG.set(bytes, size, value);
      size += 8;
    }

    public void write(byte[] value) {
      ensure(value.length);
      System.arraycopy(value, 0, bytes, size, value.length);
      size += value.length;
    }

    /** Modified UTF-8 with a two-byte length, as {@link java.io.DataOutput#writeUTF}. */
    public void writeUTF(String value) throws UTFDataFormatException {
      int length = value.length();
      int encoded = length;
      for (int i = 0; i < length; i++) {
        char c = value.charAt(i);
        if (c >= 0x80 || c == 0) {
          encoded += c >= 0x800 ? 2 : 1;
        }
      }
      if (encoded > 65535) {
        throw new UTFDataFormatException("encoded string too long: " + encoded + " bytes");
      }
      ensure(2 + encoded);
      SHORT.set(bytes, size, (short) encoded);
      size += 2;
      for (int i = 0; i < length; i++) {
        char c = value.charAt(i);
        if (c < 0x80 && c != 0) {
          bytes[size++] = (byte) c;
        } else if (c >= 0x800) {
          bytes[size++] = (byte) (0xE0 | ((c >> 12) & 0x0F));
          bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          bytes[size++] = (byte) (0x80 | (c & 0x3F));
        } else {
          bytes[size++] = (byte) (0xC0 | ((c >> 6) & 0x1F));
          bytes[size++] = (byte) (0x80 | (c & 0x3F));
        }
      }
    }

    /** The position of an int to be {@link #patchInt patched} once known (a length). */
    public int reserveInt() {
      writeInt(0);
      return size - 4;
    }

    public void patchInt(int position, int value) {
      INT.set(bytes, position, value);
    }

    public int size() {
      return size;
    }

    public byte[] toByteArray() {
      return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }
  }

  /**
   * Reads what {@link DataInputStream}'s methods of the same names read, throwing {@link
   * EOFException} as they do when the bytes end too early.
   */
  public static final class Reader {
    private final byte[] bytes;
    private int position;
    private final int end;

    private Reader(byte[] bytes, int position, int end) {
      this.bytes = bytes;
      this.position = position;
      this.end = end;
    }

    public byte readByte() throws EOFException {
      require(1);
      return bytes[position++];
    }

    public int readUnsignedByte() throws EOFException {
      return readByte() & 0xff;
    }

    public boolean readBoolean() throws EOFException {
      return readByte() != 0;
    }

    public int readUnsignedShort() throws EOFException {
      require(2);
      int value = (short) SHORT.get(bytes, position) & 0xffff;
      position += 2;
      return value;
    }

    public int readInt() throws EOFException {
      require(4);
      int value = (int) INT.get(bytes, position);
      position += 4;
      return value;
    }

    public long readLong() throws EOFException {
      require(8);
      long value = (long) LONG.get(bytes, position);
      position += 8;
      return value;
    }

    public byte[] readBytes(int length) throws EOFException {
      require(length);
      byte[] value = Arrays.copyOfRange(bytes, position, position + length);
      position += length;
      return value;
    }

    /** The next {@code length} bytes as a reader of their own, skipped here. */
    public Reader slice(int length) throws EOFException {
      require(length);
      Reader slice = new Reader(bytes, position, position + length);
      position += length;
      return slice;
    }

    /** Modified UTF-8 with a two-byte length, as {@link java.io.DataInput#readUTF}. */
    public String readUTF() throws IOException {
      int length = readUnsignedShort();
      require(length);
      int start = position;
      position += length;
      for (int i = start; i < position; i++) {
        if (bytes[i] <= 0) { // not plain ASCII (or an invalid zero byte): the JDK's rules
          return DataInputStream.readUTF(
              new DataInputStream(new ByteArrayInputStream(bytes, start - 2, length + 2)));
        }
      }
      return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
    }

    public int available() {
      return end - position;
    }

    private void require(int length) throws EOFException {
      if (length < 0 || length > end - position) {
        throw new EOFException();
      }
    }
  }
}
