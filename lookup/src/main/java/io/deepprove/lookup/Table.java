package io.deepprove.lookup;

import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.field.Ext2;

/**
 * A public lookup table: rows (input, output) of signed integers, or (input) alone for a range
 * table, padded to 2^{@link #numVars()} rows. The verifier evaluates the MLEs of its columns at a
 * point itself: structured tables ({@link RangeTable}, {@link ClampTable}) in O(numVars) from a
 * closed form, {@link ExplicitTable} from its (≤ 2^16) rows.
 *
 * <p>Values are embedded in Goldilocks by {@link io.deepprove.core.field.Goldilocks#fromSigned}.
 * Build tables through {@link Tables}.
 */
public sealed interface Table permits RangeTable, ClampTable, ExplicitTable {

  /** The padded table has 2^numVars rows (numVars ≥ 1). */
  int numVars();

  /** Whether rows are (input, output) pairs; false for a range (single-column) table. */
  boolean hasOutput();

  /**
   * The row holding (input, output) (output ignored without {@link #hasOutput()}), or −1 when the
   * pair is not in the table. Prover side, for the multiplicities.
   */
  int rowOf(long input, long output);

  /** The input of row {@code row} of the padded table (signed). */
  long inputAt(int row);

  /** The output of row {@code row} of the padded table (signed; 0 without output). */
  long outputAt(int row);

  /** The MLE of the padded input column at {@code point} (numVars coordinates). */
  Ext2 evaluateInput(Ext2[] point);

  /** The MLE of the padded output column at {@code point}; zero without output. */
  Ext2 evaluateOutput(Ext2[] point);

  /** A canonical, injective description (kind tag and parameters) bound into the transcript. */
  void describe(BinaryWriter out);

  /** The number of rows of the padded table. */
  default int size() {
    return 1 << numVars();
  }
}
