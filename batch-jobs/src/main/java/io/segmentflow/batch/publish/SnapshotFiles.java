package io.segmentflow.batch.publish;

import io.segmentflow.schemas.ContactSnapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a Spark partition of encoded {@link ContactSnapshot}s to one Avro container file (deflate)
 * in a folder, through the Hadoop file system of the folder's URI, so that executors write straight
 * to the cluster's storage. Each task attempt writes its own hidden file, {@code
 * _task-PARTITION-ATTEMPT.avro}, and returns one row {@link #WRITTEN}: the driver renames the files
 * of the attempts that succeeded, so a retried or speculative attempt never mixes into them. The
 * SHA-256 is taken of the bytes as they are written. An empty partition writes no file.
 */
final class SnapshotFiles implements MapPartitionsFunction<byte[], Row> {

  private static final long serialVersionUID = 1L;

  /** What a task wrote: the partition, the file's name in the folder, its records and SHA-256. */
  static final StructType WRITTEN =
      new StructType()
          .add("partition", DataTypes.IntegerType, false)
          .add("file", DataTypes.StringType, false)
          .add("records", DataTypes.LongType, false)
          .add("sha256", DataTypes.StringType, false);

  private final String folder;
  private final HashMap<String, String> hadoopSettings = new HashMap<>();

  SnapshotFiles(String folder, Configuration conf) {
    this.folder = folder;
    conf.forEach(setting -> hadoopSettings.put(setting.getKey(), setting.getValue()));
  }

  @Override
  public Iterator<Row> call(Iterator<byte[]> snapshots) throws IOException {
    if (!snapshots.hasNext()) {
      return List.<Row>of().iterator();
    }
    TaskContext task = TaskContext.get();
    Path file =
        new Path(folder, "_task-" + task.partitionId() + "-" + task.taskAttemptId() + ".avro");
    Configuration conf = new Configuration(false);
    for (Map.Entry<String, String> setting : hadoopSettings.entrySet()) {
      conf.set(setting.getKey(), setting.getValue());
    }
    FileSystem fs = file.getFileSystem(conf);
    MessageDigest digest = ManifestedFolders.newSha256();
    long records = 0;
    try (DataFileWriter<ContactSnapshot> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(ContactSnapshot.class))) {
      writer.setCodec(CodecFactory.deflateCodec(CodecFactory.DEFAULT_DEFLATE_LEVEL));
      writer.create(
          ContactSnapshot.getClassSchema(), new DigestOutputStream(fs.create(file, true), digest));
      while (snapshots.hasNext()) {
        writer.appendEncoded(ByteBuffer.wrap(snapshots.next()));
        records++;
      }
    }
    return List.of(
            RowFactory.create(
                task.partitionId(),
                file.getName(),
                records,
                HexFormat.of().formatHex(digest.digest())))
        .iterator();
  }
}
