package io.deepprove.quantizer;

import static io.deepprove.quantizer.TestModels.in;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepprove.onnx.FloatInterpreter;
import io.deepprove.onnx.Graph;
import io.deepprove.onnx.ImportOptions;
import io.deepprove.onnx.OnnxImporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantizerTest {

  static Graph load(TestModels m) throws Exception {
    return OnnxImporter.importModel(m.bytes(), "test.onnx", ImportOptions.defaults());
  }

  static List<List<float[]>> samples(TestModels m, int n, long seed, double lo, double hi) {
    Random r = new Random(seed);
    List<List<float[]>> s = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      s.add(m.inputs(r, lo, hi));
    }
    return s;
  }

  /** Mean rel-L2 error of the dequantized integer output vs the float reference over the test samples. */
  static double meanError(Graph g, QuantizedGraph q, List<List<float[]>> tests, boolean requireArgmax) {
    IntegerEngine e = new IntegerEngine(q);
    FloatInterpreter f = new FloatInterpreter(g);
    double sum = 0;
    for (List<float[]> x : tests) {
      float[] got = e.runFloat(x).dequantizedOutputs().get(0);
      float[] want = f.run(x).get(0);
      Accuracy a = Accuracy.of(got, want);
      sum += a.relL2Error();
      if (requireArgmax) {
        assertTrue(a.argmaxMatch(), "argmax differs: " + a);
      }
    }
    return sum / tests.size();
  }

  /** Checks acc·M + 2^(s−1) = q·2^s + rem, 0 ≤ rem < 2^s, out = clamp(q) for every requantizing node. */
  static void checkRequantRelations(Trace t) {
    for (NodeTrace n : t.nodes()) {
      Requant r = n.node().requant();
      if (r == null || n.accumulator() == null) {
        continue;
      }
      long[] acc = n.accumulator();
      long[] q = n.quotient();
      long[] rem = n.remainder();
      long[] out = n.output(0);
      long[] m = r.multipliers();
      int[] s = r.shifts();
      for (int i = 0; i < acc.length; i++) {
        int c = (i / r.inner()) % r.channels();
        long half = s[c] == 0 ? 0 : 1L << (s[c] - 1);
        assertEquals(acc[i] * m[c] + half, (q[i] << s[c]) + rem[i], n.node().name() + " element " + i);
        assertTrue(rem[i] >= 0 && rem[i] < (1L << s[c]));
        assertEquals(Math.max(r.lo(), Math.min(r.hi(), q[i])), out[i]);
        assertTrue(Math.abs(acc[i]) < Quantizer.ACCUMULATOR_LIMIT);
      }
    }
  }

  @Test
  void mlpRunsWithinOnePercentAndFusesRelu() throws Exception {
    TestModels m = TestModels.mlp(7);
    Graph g = load(m);
    QuantizedGraph q = Quantizer.quantize(g, samples(m, 16, 1, 0, 1));
    assertEquals(2, q.nodes().size(), q.toString());
    assertTrue(q.nodes().get(0) instanceof QNode.Dense d && d.requant().lo() == 0 && d.requant().channels() == 56);
    double err = meanError(g, q, samples(m, 8, 2, 0, 1), true);
    System.out.printf(Locale.ROOT, "MLP 784-56-10: mean rel-L2 error %.4f%n", err);
    assertTrue(err < 0.02, "error " + err);
    checkRequantRelations(new IntegerEngine(q).runFloat(samples(m, 1, 3, 0, 1).get(0)));
  }

  @Test
  void cnnRunsWithinTwoPercent() throws Exception {
    TestModels m = TestModels.cnn(11);
    Graph g = load(m);
    QuantizedGraph q = Quantizer.quantize(g, samples(m, 8, 1, 0, 1));
    double err = meanError(g, q, samples(m, 4, 2, 0, 1), false);
    System.out.printf(Locale.ROOT, "CNN: mean rel-L2 error %.4f%n", err);
    assertTrue(err < 0.03, "error " + err);
    Trace t = new IntegerEngine(q).runFloat(samples(m, 1, 3, 0, 1).get(0));
    checkRequantRelations(t);
  }

  /** The measurement behind the per-channel default: on both test models it is at least as accurate. */
  @Test
  void perChannelWeightsAreAtLeastAsAccurateAsPerTensor() throws Exception {
    for (TestModels m : List.of(TestModels.mlp(21), TestModels.cnn(22), TestModels.mlp(23), TestModels.cnn(24))) {
      Graph g = load(m);
      List<List<float[]>> cal = samples(m, 8, 5, 0, 1);
      List<List<float[]>> test = samples(m, 16, 6, 0, 1);
      double perChannel = meanError(g, Quantizer.quantize(g, cal, new Quantizer.Options(true)), test, false);
      double perTensor = meanError(g, Quantizer.quantize(g, cal, new Quantizer.Options(false)), test, false);
      System.out.printf(Locale.ROOT, "%s: rel-L2 per-channel %.5f, per-tensor %.5f%n",
          g.nodes().size() > 4 ? "CNN" : "MLP", perChannel, perTensor);
      assertTrue(perChannel <= perTensor * 1.05, perChannel + " vs " + perTensor);
    }
  }

  @Test
  void denseAccumulatorIsTheIntegerProductOfItsTracedInputs() throws Exception {
    TestModels m = TestModels.mlp(3);
    Graph g = load(m);
    QuantizedGraph q = Quantizer.quantize(g, samples(m, 2, 1, 0, 1));
    Trace t = new IntegerEngine(q).runFloat(samples(m, 1, 9, 0, 1).get(0));
    NodeTrace n = t.node(1);
    QNode.Dense d = (QNode.Dense) n.node();
    long[] x = n.input(0);
    long[] w = n.input(1);
    long[] b = n.input(2);
    long[] acc = n.accumulator();
    for (int j = 0; j < d.n(); j++) {
      long s = b[j];
      for (int p = 0; p < d.k(); p++) {
        s += x[p] * w[p * d.n() + j];
      }
      assertEquals(s, acc[j]);
    }
    assertArrayEquals(t.value(d.input()), x);
    assertArrayEquals(t.value(d.output()), n.output(0));
  }

  /** Both int conv kernels (direct for conv1's 9-cell field, im2col for conv2's 72) vs a naive loop. */
  @Test
  void convAccumulatorsAreTheNaiveConvolutionOfTheTracedInputs() throws Exception {
    TestModels m = TestModels.cnn(8);
    Graph g = load(m);
    QuantizedGraph q = Quantizer.quantize(g, samples(m, 2, 1, 0, 1));
    Trace t = new IntegerEngine(q).runFloat(samples(m, 1, 2, 0, 1).get(0));
    int checked = 0;
    for (NodeTrace n : t.nodes()) {
      if (!(n.node() instanceof QNode.Conv c)) {
        continue;
      }
      QNode.Geometry geo = c.geometry();
      long[] x = n.input(0);
      long[] w = n.input(1);
      long[] b = n.input(2);
      long[] acc = n.accumulator();
      int[] in = geo.in();
      int[] out = geo.out();
      int[] k = geo.kernel();
      int cin = geo.inChannels();
      for (int oc = 0; oc < geo.outChannels(); oc++) {
        for (int oy = 0; oy < out[1]; oy++) {
          for (int ox = 0; ox < out[2]; ox++) {
            long s = b[oc];
            for (int ic = 0; ic < cin; ic++) {
              for (int ky = 0; ky < k[1]; ky++) {
                for (int kx = 0; kx < k[2]; kx++) {
                  int iy = oy * geo.strides()[1] + ky - geo.padsBegin()[1];
                  int ix = ox * geo.strides()[2] + kx - geo.padsBegin()[2];
                  if (iy >= 0 && iy < in[1] && ix >= 0 && ix < in[2]) {
                    s += x[(ic * in[1] + iy) * in[2] + ix] * w[((oc * cin + ic) * k[1] + ky) * k[2] + kx];
                  }
                }
              }
            }
            assertEquals(s, acc[(oc * out[1] + oy) * out[2] + ox], c.name() + " at " + oc + "," + oy + "," + ox);
          }
        }
      }
      checked++;
    }
    assertEquals(2, checked);
  }

  @Test
  void inferenceIsDeterministicAndTheSameOnOneOrTwoThreads() throws Exception {
    TestModels m = TestModels.cnn(4);
    Graph g = load(m);
    QuantizedGraph q = Quantizer.quantize(g, samples(m, 2, 1, 0, 1));
    List<float[]> x = samples(m, 1, 2, 0, 1).get(0);
    Trace a = new IntegerEngine(q).runFloat(x);
    Trace b = new IntegerEngine(q, 1).runFloat(x);
    for (int i = 0; i < a.nodes().size(); i++) {
      assertArrayEquals(a.node(i).output(0), b.node(i).output(0));
      if (a.node(i).accumulator() != null) {
        assertArrayEquals(a.node(i).accumulator(), b.node(i).accumulator());
      }
    }
  }

  @Test
  void anAccumulatorThatCouldReach2To40IsRejectedNamingTheLayer() throws Exception {
    TestModels m = new TestModels(13, 1).input("x", 1, 4);
    float[] tiny = {1e-7f, -1e-7f, 1e-7f, 1e-7f, 1e-7f, 1e-7f, -1e-7f, 1e-7f};
    m.node("Gemm", in("x", m.init("w", new int[] {4, 2}, tiny), m.init("b", new int[] {2}, new float[] {1e6f, 1})),
        in("y"));
    m.output("y");
    Graph g = load(m);
    QuantizationException e = assertThrows(QuantizationException.class,
        () -> Quantizer.quantize(g, samples(m, 1, 1, -1, 1)));
    assertTrue(e.getMessage().contains("node 'Gemm_0' (Gemm)") && e.getMessage().contains("2^40"), e.getMessage());
  }

  @Test
  void unsupportedOperandFormsAreReportedForEveryLayer() throws Exception {
    TestModels m = new TestModels(13, 1).input("x", 1, 2, 5, 5).input("w", 3, 2, 3, 3).input("b", 3);
    m.node("Conv", in("x", "w", "b"), in("y"));
    m.node("Conv", in("x", "w", "b"), in("z"));
    m.output("y").output("z");
    Graph g = load(m);
    QuantizationException e = assertThrows(QuantizationException.class,
        () -> Quantizer.quantize(g, samples(m, 1, 1, -1, 1)));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("node 'Conv_0' (Conv): bias 'b' must be constant"), e.getMessage());
  }
}
