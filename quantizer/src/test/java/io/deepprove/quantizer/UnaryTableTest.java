package io.deepprove.quantizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepprove.onnx.UnaryFunction;
import org.junit.jupiter.api.Test;

class UnaryTableTest {

  @Test
  void everyEntryIsTheRoundedFunctionOfItsDequantizedInput() {
    for (UnaryFunction f : new UnaryFunction[] {
        UnaryFunction.of(UnaryFunction.Kind.SIGMOID), UnaryFunction.of(UnaryFunction.Kind.TANH),
        UnaryFunction.of(UnaryFunction.Kind.LEAKY_RELU, 0.1), UnaryFunction.of(UnaryFunction.Kind.GELU),
        UnaryFunction.of(UnaryFunction.Kind.ELU, 1.0)}) {
      double si = 4.0 / 127;
      double so = 1.0 / 127;
      UnaryTable t = UnaryTable.of(f, si, so);
      for (int q = -128; q <= 127; q++) {
        double want = Math.max(-127, Math.min(127, f.applyAsDouble(q * si) / so));
        assertEquals(want, t.lookup(q), 0.5 + 1e-9, f + " at " + q);
      }
    }
  }

  @Test
  void nonFiniteValuesMapToZeroAndOutOfRangeValuesClamp() {
    UnaryTable t = UnaryTable.of(UnaryFunction.of(UnaryFunction.Kind.SQRT), 1.0, 1.0 / 127);
    assertEquals(0, t.lookup(-5)); // sqrt(-5) is NaN
    assertEquals(127, t.lookup(4)); // sqrt(4)·127 > 127
    assertEquals(127, t.lookup(1));
    assertTrue(t.entries().length == 256);
  }
}
