package io.segmentflow.segments.data;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * In-memory data streams for the binary forms of per-contact state, which a stream reads and writes
 * on every input: the JDK's byte array streams synchronize every call, and {@link DataInputStream}
 * reads an int with four of them.
 */
public final class StateBytes {

  private StateBytes() {}

  /** A data output collecting bytes; {@link Output#toByteArray()} gives them. */
  public static Output output(int initialSize) {
    return new Output(new Buffer(initialSize));
  }

  /** A data input over bytes. */
  public static DataInputStream input(byte[] bytes) {
    return new DataInputStream(new Source(bytes));
  }

  public static final class Output extends DataOutputStream {
    private final Buffer buffer;

    private Output(Buffer buffer) {
      super(buffer);
      this.buffer = buffer;
    }

    public byte[] toByteArray() {
      return Arrays.copyOf(buffer.bytes, buffer.size);
    }
  }

  private static final class Buffer extends OutputStream {
    private byte[] bytes;
    private int size;

    Buffer(int initialSize) {
      bytes = new byte[Math.max(16, initialSize)];
    }

    @Override
    public void write(int b) {
      ensure(1);
      bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, bytes, size, len);
      size += len;
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }
  }

  private static final class Source extends InputStream {
    private final byte[] bytes;
    private int position;

    Source(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read() {
      return position < bytes.length ? bytes[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      int n = Math.min(len, bytes.length - position);
      if (n <= 0) {
        return -1;
      }
      System.arraycopy(bytes, position, b, off, n);
      position += n;
      return n;
    }

    @Override
    public int available() {
      return bytes.length - position;
    }
  }
}
