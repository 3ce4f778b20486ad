package io.segmentflow.streaming.input;

import io.segmentflow.schemas.ContactSnapshot;
import java.io.IOException;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads the batch hand-over: Avro container files of {@link ContactSnapshot} records, each becoming
 * a {@link Input.Kind#SNAPSHOT} input for its contact.
 */
public final class SnapshotFormat extends SimpleStreamFormat<Input> {

  @Override
  public StreamFormat.Reader<Input> createReader(Configuration config, FSDataInputStream stream)
      throws IOException {
    DataFileStream<ContactSnapshot> snapshots =
        new DataFileStream<>(stream, new SpecificDatumReader<>(ContactSnapshot.class));
    return new StreamFormat.Reader<>() {
      private long index;

      @Override
      public Input read() throws IOException {
        if (!snapshots.hasNext()) {
          return null;
        }
        ContactSnapshot snapshot = snapshots.next();
        index++;
        return new Input(
            Input.Kind.SNAPSHOT,
            snapshot.getContactId(),
            null,
            snapshot.getAsOf().toEpochMilli(),
            WireFormat.encoded(snapshot::toByteBuffer),
            "hand-over",
            String.valueOf(index),
            null);
      }

      @Override
      public void close() throws IOException {
        snapshots.close();
      }
    };
  }

  @Override
  public TypeInformation<Input> getProducedType() {
    return TypeInformation.of(Input.class);
  }
}
