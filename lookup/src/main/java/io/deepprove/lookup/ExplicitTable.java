package io.deepprove.lookup;

import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import java.util.Arrays;

/**
 * An arbitrary small table given by its rows (Sigmoid, Tanh, LeakyReLU, exp on a bounded int
 * domain): at most 2^16 rows, padded to a power of two (at least 2) by repeating the last row, so
 * padding adds no new pair. The verifier materializes the padded columns and evaluates their MLEs
 * directly (O(size)).
 */
public final class ExplicitTable implements Table {

  public static final int MAX_ROWS = 1 << 16;

  private final long[] inputs;
  private final long[] outputs; // null for a single-column table
  private final int numVars;
  // open addressing: key slots hold row + 1 (0 = empty)
  private final int[] slots;

  ExplicitTable(long[] inputs, long[] outputs) {
    if (inputs.length == 0 || inputs.length > MAX_ROWS) {
      throw new IllegalArgumentException("explicit table of " + inputs.length + " rows (1.." + MAX_ROWS + ")");
    }
    if (outputs != null && outputs.length != inputs.length) {
      throw new IllegalArgumentException("inputs and outputs differ in length");
    }
    this.inputs = inputs.clone();
    this.outputs = outputs == null ? null : outputs.clone();
    int nv = 1;
    while ((1 << nv) < inputs.length) {
      nv++;
    }
    this.numVars = nv;
    this.slots = new int[Integer.highestOneBit(inputs.length) << 2];
    for (int i = 0; i < inputs.length; i++) {
      long out = outputs == null ? 0 : outputs[i];
      int s = slot(inputs[i], out);
      while (slots[s] != 0) {
        int row = slots[s] - 1;
        if (inputs[row] == inputs[i] && (outputs == null || outputs[row] == out)) {
          break; // duplicate row: keep the first
        }
        s = (s + 1) & (slots.length - 1);
      }
      if (slots[s] == 0) {
        slots[s] = i + 1;
      }
    }
  }

  private int slot(long in, long out) {
    long h = in * 0x9E3779B97F4A7C15L + out * 0xC2B2AE3D27D4EB4FL;
    h ^= h >>> 29;
    return (int) (h & (slots.length - 1));
  }

  /** The number of rows given (before padding). */
  public int rows() {
    return inputs.length;
  }

  public long[] inputs() {
    return inputs.clone();
  }

  /** The outputs, or null for a single-column table. */
  public long[] outputs() {
    return outputs == null ? null : outputs.clone();
  }

  @Override
  public int numVars() {
    return numVars;
  }

  @Override
  public boolean hasOutput() {
    return outputs != null;
  }

  @Override
  public int rowOf(long input, long output) {
    long out = outputs == null ? 0 : output;
    int s = slot(input, out);
    while (slots[s] != 0) {
      int row = slots[s] - 1;
      if (inputs[row] == input && (outputs == null || outputs[row] == out)) {
        return row;
      }
      s = (s + 1) & (slots.length - 1);
    }
    return -1;
  }

  @Override
  public long inputAt(int row) {
    return inputs[Math.min(row, inputs.length - 1)];
  }

  @Override
  public long outputAt(int row) {
    return outputs == null ? 0 : outputs[Math.min(row, inputs.length - 1)];
  }

  @Override
  public Ext2 evaluateInput(Ext2[] point) {
    return Mle.evaluate(padded(inputs), point);
  }

  @Override
  public Ext2 evaluateOutput(Ext2[] point) {
    if (outputs == null) {
      if (point.length != numVars) {
        throw new IllegalArgumentException("point of " + point.length + " coordinates");
      }
      return Ext2.ZERO;
    }
    return Mle.evaluate(padded(outputs), point);
  }

  private long[] padded(long[] col) {
    long[] f = new long[1 << numVars];
    for (int i = 0; i < f.length; i++) {
      f[i] = Goldilocks.fromSigned(col[Math.min(i, col.length - 1)]);
    }
    return f;
  }

  @Override
  public void describe(BinaryWriter out) {
    out.writeByte(3).writeBoolean(outputs != null).writeLongArray(inputs);
    if (outputs != null) {
      out.writeLongArray(outputs);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExplicitTable t
        && Arrays.equals(inputs, t.inputs)
        && Arrays.equals(outputs, t.outputs);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(inputs) + Arrays.hashCode(outputs);
  }

  @Override
  public String toString() {
    return "Explicit(" + inputs.length + " rows" + (outputs == null ? ")" : ", pairs)");
  }
}
