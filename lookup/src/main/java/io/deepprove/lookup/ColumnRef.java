package io.deepprove.lookup;

/**
 * Names one column a lookup claim is about: the input or output column of lookup {@code index}
 * (in {@link LookupStatement#lookups()} order), or the multiplicity column of table {@code index}.
 */
public record ColumnRef(Kind kind, int index) {

  public enum Kind {
    LOOKUP_INPUT,
    LOOKUP_OUTPUT,
    MULTIPLICITY
  }

  public ColumnRef {
    if (kind == null || index < 0) {
      throw new IllegalArgumentException("bad column reference");
    }
  }

  public static ColumnRef input(int lookup) {
    return new ColumnRef(Kind.LOOKUP_INPUT, lookup);
  }

  public static ColumnRef output(int lookup) {
    return new ColumnRef(Kind.LOOKUP_OUTPUT, lookup);
  }

  public static ColumnRef multiplicity(int table) {
    return new ColumnRef(Kind.MULTIPLICITY, table);
  }
}
