package io.deepprove.quantizer;

import static io.deepprove.quantizer.TestModels.in;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepprove.onnx.Graph;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Error of the integer (log-)softmax construction alone: the integer output against the float
 * (log-)softmax of the same dequantized int8 input, so input quantization is not counted.
 */
class SoftmaxTest {

  @org.junit.jupiter.api.Test
  void rowsOfVeryDifferentMagnitudeKeepTheirDifferences() throws Exception {
    // ONNX test_logsoftmax_large_number: one int8 scale (≈ 79) would map each row onto one value
    TestModels m = new TestModels(13, 4).input("x", 2, 4);
    m.node("LogSoftmax", in("x"), in("y"), "axis", -1);
    m.output("y");
    Graph g = QuantizerTest.load(m);
    float[] x = {0, 1, 2, 3, 10000, 10001, 10002, 10003};
    QuantizedGraph q = Quantizer.quantize(g, List.of(List.of(x)));
    assertEquals(16, q.inputs().get(0).bits());
    long[] y = new IntegerEngine(q).runFloat(List.of(x)).value("y");
    double so = q.outputs().get(0).scale();
    double err = 0;
    double norm = 0;
    for (int i = 0; i < 8; i++) {
      double want = (i % 4) - 3 - Math.log(1 + Math.exp(-1) + Math.exp(-2) + Math.exp(-3));
      err += Math.pow(y[i] * so - want, 2);
      norm += want * want;
    }
    assertTrue(Math.sqrt(err / norm) <= 0.05, "rel-L2 " + Math.sqrt(err / norm));
  }

  @ParameterizedTest(name = "n={0} range={1} log={2} int16 input={3}")
  @CsvSource({"4,2,false,true", "10,8,false,true", "128,4,false,true", "1000,16,false,true", "10,8,true,true",
      "128,4,true,true", "20,30,true,true", "4,2,false,false", "10,8,false,false", "1000,16,false,false",
      "10,8,true,false", "128,4,true,false", "20,30,true,false"})
  void integerSoftmaxIsWithinItsDocumentedError(int n, double range, boolean log, boolean wide) throws Exception {
    TestModels m = new TestModels(13, n).input("x", 3, n);
    // a graph input only softmax reads is int16; behind a Flatten (same shape) it is int8
    String xName = wide ? "x" : "xf";
    if (!wide) {
      m.node("Flatten", in("x"), in("xf"), "axis", 1);
    }
    m.node(log ? "LogSoftmax" : "Softmax", in(xName), in("y"), "axis", -1);
    m.output("y");
    Graph g = QuantizerTest.load(m);
    Random r = new Random(n * 31L + (log ? 1 : 0));
    List<float[]> x = m.inputs(r, -range, range);
    QuantizedGraph q = Quantizer.quantize(g, List.of(x));
    Trace t = new IntegerEngine(q).runFloat(x);
    assertEquals(wide ? 16 : 8, q.inputs().get(0).bits());
    double si = q.inputs().get(0).scale();
    double so = q.outputs().get(0).scale();
    long[] xq = t.value(xName);
    long[] yq = t.value("y");
    double maxErr = 0;
    for (int row = 0; row < 3; row++) {
      double mx = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        mx = Math.max(mx, xq[row * n + j] * si);
      }
      double sum = 0;
      for (int j = 0; j < n; j++) {
        sum += Math.exp(xq[row * n + j] * si - mx);
      }
      for (int j = 0; j < n; j++) {
        double z = xq[row * n + j] * si - mx;
        double want = log ? z - Math.log(sum) : Math.exp(z) / sum;
        // the output range is the calibrated one (of the float input): the clamp is by design
        want = Math.max(-127 * so, Math.min(127 * so, want));
        maxErr = Math.max(maxErr, Math.abs(yq[row * n + j] * so - want));
      }
    }
    // softmax: half an output step plus the exp table's rounding (2^-17 per entry, relative);
    // log-softmax: half an output step plus ln's 8-bit mantissa table (≤ ln(1 + 1/512))
    double bound = log ? so * 0.5 + Math.log1p(1.0 / 512) + so * 0.01 : so * 0.5 + n * Math.scalb(1.0, -16);
    System.out.printf(Locale.ROOT, "%s n=%d range=±%.0f: max abs error %.5f (output step %.5f, bound %.5f)%n",
        log ? "LogSoftmax" : "Softmax", n, range, maxErr, so, bound);
    assertTrue(maxErr <= bound, maxErr + " > " + bound);
    NodeTrace nt = t.node(q.nodes().size() - 1); // the softmax (after the Flatten, if any)
    long[] e = nt.auxiliary("exp");
    long[] sums = nt.auxiliary("rowSum");
    long s0 = 0;
    for (int j = 0; j < n; j++) {
      s0 += e[j];
    }
    assertEquals(s0, sums[0]);
  }
}
