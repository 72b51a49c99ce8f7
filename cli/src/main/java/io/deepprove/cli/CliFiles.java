package io.deepprove.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** File reading and writing with one-line errors; writes go to a temporary file that is renamed. */
final class CliFiles {
  private CliFiles() {}

  /** A file could not be read or written; the message names it. */
  static final class FileException extends Exception {
    private static final long serialVersionUID = 1L;

    FileException(Path file, String problem) {
      super(file + ": " + problem);
    }
  }

  static byte[] read(Path file) throws FileException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new FileException(file, "no such file");
    } catch (AccessDeniedException e) {
      throw new FileException(file, "permission denied");
    } catch (IOException e) {
      throw new FileException(file, "cannot read (" + e.getMessage() + ")");
    }
  }

  /** Every regular {@code *.json} file directly in {@code dir}, sorted by name; at least one. */
  static java.util.List<Path> jsonFiles(Path dir) throws FileException {
    if (!Files.isDirectory(dir)) {
      throw new FileException(dir, Files.exists(dir) ? "not a directory" : "no such directory");
    }
    try (java.util.stream.Stream<Path> s = Files.list(dir)) {
      java.util.List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
          .sorted(java.util.Comparator.comparing(p -> p.getFileName().toString())).toList();
      if (files.isEmpty()) {
        throw new FileException(dir, "holds no *.json input files");
      }
      return files;
    } catch (IOException e) {
      throw new FileException(dir, "cannot list (" + e.getMessage() + ")");
    }
  }

  /** Writes all of {@code data} or nothing: a temporary file beside the target, then a rename. */
  static void write(Path file, byte[] data) throws FileException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
      Files.write(tmp, data);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the write already failed; the message below is what matters
        }
      }
      throw new FileException(file, "cannot write (" + e.getMessage() + ")");
    }
  }
}
