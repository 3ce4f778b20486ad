package io.segmentflow.batch.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The files of an input, found on the driver before any task starts. */
final class InputFiles {

  private InputFiles() {}

  /**
   * The file itself, or the files of a folder (not its subfolders, nor names starting with {@code
   * _} or {@code .}, which Spark and Hadoop keep for markers), sorted by name, as fully qualified
   * paths ({@code file:/...}, {@code s3a://...}): the {@code source} of their quarantine rows.
   *
   * @throws IllegalArgumentException when there is no such file or folder, or the folder is empty
   */
  static List<String> of(Configuration conf, String input) {
    try {
      Path path = new Path(input);
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.exists(path)) {
        throw new IllegalArgumentException("no such file or folder: " + input);
      }
      FileStatus status = fs.getFileStatus(path);
      if (status.isFile()) {
        return List.of(fs.makeQualified(path).toString());
      }
      List<String> files =
          Arrays.stream(fs.listStatus(path))
              .filter(FileStatus::isFile)
              .map(FileStatus::getPath)
              .filter(p -> !p.getName().startsWith("_") && !p.getName().startsWith("."))
              .sorted(Comparator.comparing(Path::getName))
              .map(p -> fs.makeQualified(p).toString())
              .toList();
      if (files.isEmpty()) {
        throw new IllegalArgumentException("the folder " + input + " has no files to ingest");
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + input + ": " + e.getMessage(), e);
    }
  }

  /** The last part of a path: {@code newsletter.csv}. */
  static String nameOf(String file) {
    return new Path(file).getName();
  }
}
