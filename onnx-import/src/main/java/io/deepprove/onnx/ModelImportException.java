package io.deepprove.onnx;

import java.util.List;

/**
 * A model file that cannot be imported: unreadable, malformed, or using ops, attributes or shapes
 * that are not supported. The message is one line and names the file; {@link #unsupported()}
 * lists every offending node (all of them, not just the first).
 */
public final class ModelImportException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final transient List<UnsupportedNode> unsupported;

  /** A problem with the file as a whole. */
  public ModelImportException(String file, String problem) {
    this(file, problem, (Throwable) null);
  }

  /** A problem with the file as a whole, with its cause. */
  public ModelImportException(String file, String problem, Throwable cause) {
    super(oneLine(file) + ": " + oneLine(problem), cause);
    this.file = file;
    this.unsupported = List.of();
  }

  /** Unsupported nodes, all of them. */
  public ModelImportException(String file, List<UnsupportedNode> nodes) {
    super(oneLine(file) + ": " + oneLine(describe(nodes)));
    this.file = file;
    this.unsupported = List.copyOf(nodes);
  }

  /** Control characters (a hostile file's names may hold newlines) written as \\uXXXX: messages stay one line. */
  static String oneLine(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static String describe(List<UnsupportedNode> nodes) {
    StringBuilder s = new StringBuilder();
    s.append(nodes.size()).append(nodes.size() == 1 ? " node is" : " nodes are").append(" not supported: ");
    for (int i = 0; i < nodes.size(); i++) {
      if (i > 0) {
        s.append(", ");
      }
      s.append(nodes.get(i));
    }
    return s.toString();
  }

  /** The file (or source name) that failed. */
  public String file() {
    return file;
  }

  /** Every unsupported node with its reason; empty when the file itself is the problem. */
  public List<UnsupportedNode> unsupported() {
    return unsupported;
  }
}
