package io.segmentflow.streaming.demo;

import io.segmentflow.schemas.ContactSnapshot;
import io.segmentflow.schemas.HandoverFile;
import io.segmentflow.schemas.HandoverManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * A batch run's hand-over folder on local disk ({@code L/handover/<run-id>/}, written by the batch
 * {@code handover} command): its {@code _manifest.json}, the commit marker, and the ContactSnapshot
 * files it lists. The streaming job reads the same folder through Flink's file source; the demo
 * reads it too, for the batch's member counts.
 */
public record HandoverFolder(Path path, HandoverManifest manifest) {

  public static final String MANIFEST = "_manifest.json";

  /** The hand-over in {@code folder}; a folder without a manifest is not one. */
  public static HandoverFolder at(Path folder) throws IOException {
    Path manifest = folder.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      throw new IllegalArgumentException(
          folder
              + " is not a hand-over: it has no "
              + MANIFEST
              + " (the batch `handover` command"
              + " writes it last)");
    }
    return new HandoverFolder(folder, readManifest(manifest));
  }

  /** The hand-over of the latest run (by as-of, then creation) under {@code lakehouse/handover}. */
  public static HandoverFolder latest(Path lakehouse) throws IOException {
    Path root = lakehouse.resolve("handover");
    Optional<HandoverFolder> latest;
    try (Stream<Path> folders = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
      List<Path> candidates =
          folders.filter(folder -> Files.isRegularFile(folder.resolve(MANIFEST))).toList();
      latest = Optional.empty();
      for (Path folder : candidates) {
        HandoverFolder handover = at(folder);
        if (latest.isEmpty() || ORDER.compare(handover, latest.get()) > 0) {
          latest = Optional.of(handover);
        }
      }
    }
    return latest.orElseThrow(
        () ->
            new IllegalArgumentException(
                "no hand-over under "
                    + root
                    + ": run `bin/segmentflow-batch handover --lakehouse "
                    + lakehouse
                    + " --definitions D --run-id RUN` after a recompute"));
  }

  private static final Comparator<HandoverFolder> ORDER =
      Comparator.comparing((HandoverFolder h) -> h.manifest().getAsOf())
          .thenComparing(h -> h.manifest().getCreatedAt());

  /** Reads a manifest: Avro's JSON encoding of {@link HandoverManifest}. */
  public static HandoverManifest readManifest(Path file) throws IOException {
    SpecificDatumReader<HandoverManifest> reader =
        new SpecificDatumReader<>(HandoverManifest.class);
    try (InputStream in = Files.newInputStream(file)) {
      return reader.read(null, DecoderFactory.get().jsonDecoder(reader.getSchema(), in));
    }
  }

  public String runId() {
    return manifest.getRunId();
  }

  /** Every snapshot of the files the manifest lists; checks each file's record count. */
  public void forEachSnapshot(Consumer<ContactSnapshot> onSnapshot) throws IOException {
    for (HandoverFile file : manifest.getFiles()) {
      long records = 0;
      try (DataFileReader<ContactSnapshot> reader =
          new DataFileReader<>(
              path.resolve(file.getPath()).toFile(),
              new SpecificDatumReader<>(ContactSnapshot.class))) {
        ContactSnapshot snapshot = null;
        while (reader.hasNext()) {
          snapshot = reader.next();
          onSnapshot.accept(snapshot);
          records++;
        }
      }
      if (records != file.getRecords()) {
        throw new IOException(
            path.resolve(file.getPath())
                + " holds "
                + records
                + " snapshots, its manifest says "
                + file.getRecords());
      }
    }
  }
}
