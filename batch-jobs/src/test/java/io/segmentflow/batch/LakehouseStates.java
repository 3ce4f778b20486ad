package io.segmentflow.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A lakehouse built once per test JVM and saved after each of its steps (state 0: as set up; state
 * k: after step k), so that tests which need it after some nightly runs start from a copy instead
 * of running them again. A copy holds the same Delta tables: their logs name data files relative to
 * the table's folder. Steps run when a state is first asked for, in order.
 */
public final class LakehouseStates {

  /** Takes the lakehouse in {@code live} from state {@code k - 1} to state {@code k}. */
  public interface Step {
    void apply(Path live, int k);
  }

  private final Path base;
  private final Path live;
  private final Step step;
  private final List<Path> saved = new ArrayList<>();

  /**
   * @param setUp writes state 0 into the (new) folder it is given
   */
  public LakehouseStates(String name, Consumer<Path> setUp, Step step) {
    try {
      base = Files.createTempDirectory(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(base)));
    live = base.resolve("live");
    this.step = step;
    setUp.accept(live);
    save();
  }

  /** Copies state {@code k} into {@code target}, a folder that does not exist yet. */
  public synchronized Path copy(int k, Path target) {
    while (saved.size() <= k) {
      step.apply(live, saved.size());
      save();
    }
    copyFolder(saved.get(k), target);
    return target;
  }

  private void save() {
    Path state = base.resolve("state-" + saved.size());
    copyFolder(live, state);
    saved.add(state);
  }

  /** Copies a folder with its files' times. */
  public static void copyFolder(Path from, Path to) {
    try {
      Files.walkFileTree(
          from,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes)
                throws IOException {
              Files.createDirectories(to.resolve(from.relativize(dir)));
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                throws IOException {
              Files.copy(
                  file, to.resolve(from.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }
}
