package io.deepprove.sumcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.poly.Eq;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small-integer column binding against the field one, on every path it can take. */
class PartialEvalTest {

  @ParameterizedTest(name = "{0}×2^{1}, entries below 2^{2}, one big entry: {3}, threads {4}")
  @CsvSource({
    "8, 10, 8, false, 1", // int8 weights
    "64, 6, 15, false, 2", // the largest entries the small path takes
    "4, 17, 15, false, 2", // more columns than one exact block
    "16, 8, 8, true, 2", // a row with an entry of 2^15 falls back to field elements
    "3, 9, 40, false, 1", // every row falls back
  })
  void signedBindingEqualsTheFieldBinding(int rows, int colVars, int bits, boolean oneBig, int threads) {
    SplittableRandom rng = new SplittableRandom(rows * 31L + colVars);
    int cols = 1 << colVars;
    long bound = 1L << bits;
    long[] signed = new long[rows * cols];
    for (int i = 0; i < signed.length; i++) {
      signed[i] = rng.nextLong(-bound + 1, bound);
    }
    signed[0] = -bound + 1; // the extremes
    signed[signed.length - 1] = bound - 1;
    if (oneBig) {
      signed[(rows / 2) * cols + 3] = -(1L << PartialEval.SMALL_BITS);
    }
    Ext2[] r = new Ext2[colVars];
    for (int k = 0; k < colVars; k++) {
      r[k] = Ext2.random(rng);
    }
    long[] eq = Eq.table(r);
    long[] field = PartialEval.field(signed);
    for (long v : field) {
      if (!Goldilocks.isCanonical(v)) {
        throw new AssertionError("non-canonical field image");
      }
    }
    assertArrayEquals(
        PartialEval.bindColumns(field, rows, cols, eq, threads),
        PartialEval.bindColumnsSigned(signed, rows, cols, eq, threads));
  }
}
