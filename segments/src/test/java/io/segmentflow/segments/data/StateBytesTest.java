package io.segmentflow.segments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * State written by earlier releases with the JDK's data streams must read the same: the writer
 * writes their bytes, the reader reads them.
 */
class StateBytesTest {

  private static final List<String> TEXTS =
      List.of("", "c-42", "é", "zero\u0000char", "日本", "emoji \uD83D\uDE00", "x".repeat(300));

  @Test
  void writesWhatTheJdksDataOutputWrites() throws IOException {
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    DataOutputStream jdk = new DataOutputStream(expected);
    StateBytes.Writer writer = StateBytes.writer(1);
    jdk.writeByte(-3);
    writer.writeByte(-3);
    jdk.writeBoolean(true);
    writer.writeBoolean(true);
    jdk.writeShort(65000);
    writer.writeShort(65000);
    jdk.writeInt(-123456789);
    writer.writeInt(-123456789);
    jdk.writeLong(Long.MIN_VALUE + 12345);
    writer.writeLong(Long.MIN_VALUE + 12345);
    jdk.write(new byte[] {1, 2, 3});
    writer.write(new byte[] {1, 2, 3});
    for (String text : TEXTS) {
      jdk.writeUTF(text);
      writer.writeUTF(text);
    }
    int length = writer.reserveInt();
    writer.writeLong(7);
    writer.patchInt(length, 8);
    jdk.writeInt(8);
    jdk.writeLong(7);

    assertThat(writer.toByteArray()).isEqualTo(expected.toByteArray());
  }

  @Test
  void readsWhatTheJdksDataOutputWrote() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream jdk = new DataOutputStream(bytes);
    jdk.writeByte(-3);
    jdk.writeByte(200);
    jdk.writeBoolean(true);
    jdk.writeShort(65000);
    jdk.writeInt(-123456789);
    jdk.writeLong(Long.MIN_VALUE + 12345);
    for (String text : TEXTS) {
      jdk.writeUTF(text);
    }
    jdk.write(new byte[] {1, 2, 3, 4});

    StateBytes.Reader reader = StateBytes.reader(bytes.toByteArray());
    assertThat(reader.readByte()).isEqualTo((byte) -3);
    assertThat(reader.readUnsignedByte()).isEqualTo(200);
    assertThat(reader.readBoolean()).isTrue();
    assertThat(reader.readUnsignedShort()).isEqualTo(65000);
    assertThat(reader.readInt()).isEqualTo(-123456789);
    assertThat(reader.readLong()).isEqualTo(Long.MIN_VALUE + 12345);
    for (String text : TEXTS) {
      assertThat(reader.readUTF()).isEqualTo(text);
    }
    StateBytes.Reader slice = reader.slice(3);
    assertThat(reader.available()).isEqualTo(1);
    assertThat(slice.readBytes(2)).containsExactly(1, 2);
    assertThat(slice.available()).isEqualTo(1);
    assertThatThrownBy(() -> slice.readInt()).isInstanceOf(EOFException.class);
    assertThat(reader.readByte()).isEqualTo((byte) 4);
    assertThatThrownBy(reader::readByte).isInstanceOf(EOFException.class);
  }
}
