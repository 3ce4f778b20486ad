package io.segmentflow.batch.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folders of files that a manifest, written last, declares complete (published snapshots,
 * hand-overs to the stream), on any file system Hadoop reaches. A folder {@code PARENT/NAME} is
 * written as a temporary sibling {@code PARENT/_tmp-NAME-ATTEMPT} (names starting with {@code _}
 * are hidden from Spark and Hadoop readers), then {@link #replace} swaps it in: the old folder's
 * manifest is deleted first (from then on readers see no folder, never a mix), the old folder is
 * renamed aside to {@code _old-NAME-ATTEMPT}, the new one renamed in, and its manifest written
 * last, to a hidden file renamed into place so that it appears whole. See {@link SnapshotPublisher}
 * for what a concurrent reader sees.
 */
final class ManifestedFolders {

  private static final Logger LOG = LoggerFactory.getLogger(ManifestedFolders.class);

  private static final String UUID_PATTERN =
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  /** Writes a folder's manifest. */
  @FunctionalInterface
  interface ManifestWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  private ManifestedFolders() {}

  /** The temporary sibling that one attempt at writing {@code target} writes to. */
  static Path temporary(Path target, String attempt) {
    return new Path(target.getParent(), "_tmp-" + target.getName() + "-" + attempt);
  }

  /**
   * {@link #replace} with a manifest record in Avro's JSON encoding, then {@link #removeLeftovers}
   * of earlier attempts at the same folder.
   */
  static <T extends SpecificRecord> void replace(
      FileSystem fs,
      Path temporary,
      Path target,
      String attempt,
      String manifestName,
      T manifest,
      Class<T> type)
      throws IOException {
    replace(fs, temporary, target, attempt, manifestName, out -> writeJson(manifest, type, out));
    removeLeftovers(fs, target.getParent(), target.getName());
  }

  /**
   * Withdraws the folder at {@code target} if there is one, moves {@code temporary} in its place,
   * writes its manifest last and deletes the old folder.
   *
   * @throws IllegalStateException when another writer created {@code target} at the same time
   */
  static void replace(
      FileSystem fs,
      Path temporary,
      Path target,
      String attempt,
      String manifestName,
      ManifestWriter manifest)
      throws IOException {
    Path old = null;
    if (fs.exists(target)) {
      fs.delete(new Path(target, manifestName), false);
      old = new Path(target.getParent(), "_old-" + target.getName() + "-" + attempt);
      rename(fs, target, old);
    }
    rename(fs, temporary, target);
    if (fs.exists(new Path(target, temporary.getName()))) {
      throw new IllegalStateException(
          "another writer created "
              + target
              + " at the same time: run the command for "
              + target.getName()
              + " again, once");
    }
    Path partial = new Path(target, "_" + manifestName + ".partial");
    try (OutputStream out = fs.create(partial, true)) {
      manifest.writeTo(out);
    }
    rename(fs, partial, new Path(target, manifestName));
    if (old != null) {
      fs.delete(old, true);
    }
  }

  /** Writes a manifest record in Avro's JSON encoding. */
  static <T extends SpecificRecord> void writeJson(T record, Class<T> type, OutputStream out)
      throws IOException {
    JsonEncoder encoder = EncoderFactory.get().jsonEncoder(record.getSchema(), out, true);
    new SpecificDatumWriter<>(type).write(record, encoder);
    encoder.flush();
  }

  /** Reads a manifest record that {@link #writeJson} wrote. */
  static <T extends SpecificRecord> T readJson(Configuration conf, Path path, Class<T> type)
      throws IOException {
    SpecificDatumReader<T> reader = new SpecificDatumReader<>(type);
    try (InputStream in = path.getFileSystem(conf).open(path)) {
      return reader.read(null, DecoderFactory.get().jsonDecoder(reader.getSchema(), in));
    }
  }

  /** Deletes what crashed attempts at writing {@code PARENT/NAME} left behind. */
  static void removeLeftovers(FileSystem fs, Path parent, String name) throws IOException {
    Pattern leftover = Pattern.compile("_(tmp|old)-" + Pattern.quote(name) + "-" + UUID_PATTERN);
    for (FileStatus status : fs.listStatus(parent)) {
      if (leftover.matcher(status.getPath().getName()).matches()) {
        LOG.warn("Deleting {}, left behind by an earlier attempt", status.getPath());
        fs.delete(status.getPath(), true);
      }
    }
  }

  /** The SHA-256 of a file's bytes, in lower-case hex. */
  static String sha256(FileSystem fs, Path file) throws IOException {
    MessageDigest digest = newSha256();
    try (InputStream in = new DigestInputStream(fs.open(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("could not rename " + from + " to " + to);
    }
  }
}
