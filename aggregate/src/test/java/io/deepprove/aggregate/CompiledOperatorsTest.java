package io.deepprove.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepprove.onnx.Graph;
import io.deepprove.onnx.ImportOptions;
import io.deepprove.onnx.OnnxImporter;
import io.deepprove.quantizer.IntegerEngine;
import io.deepprove.quantizer.QuantizedGraph;
import io.deepprove.quantizer.Quantizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Pooling, reductions, grouped and transposed convolutions from ONNX models built in Java: the circuit's
 * integers equal the integer engine's on many random int8 inputs (the relations are exact, so
 * every value of the engine must come out), and proofs of a few inputs verify.
 */
class CompiledOperatorsTest {

  private static final int EXACTNESS_INPUTS = 150;
  private static final int PROVED_INPUTS = 3;

  /** Quantizes on samples in [−1, 1) (negative values exercise the rounding's sign handling). */
  static QuantizedGraph quantize(OnnxTestModels m, long seed) throws Exception {
    Graph g = OnnxImporter.importModel(m.build().toByteArray(), "model.onnx", ImportOptions.defaults());
    int n = size(m.inputShape());
    SplittableRandom rng = new SplittableRandom(seed);
    List<List<float[]>> samples = new ArrayList<>();
    for (int s = 0; s < 4; s++) {
      float[] x = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = (float) (2 * rng.nextDouble() - 1);
      }
      samples.add(List.of(x));
    }
    return Quantizer.quantize(g, samples);
  }

  /** Compiles, checks exactness against the engine, proves and verifies; returns the circuit. */
  static Circuit check(OnnxTestModels m, long seed, Class<? extends Circuit.Step> expectedStep) throws Exception {
    QuantizedGraph q = quantize(m, seed);
    CircuitCompiler.Compiled c = CircuitCompiler.compile(q);
    assertTrue(c.circuit().steps().stream().anyMatch(expectedStep::isInstance),
        "the circuit has a " + expectedStep.getSimpleName() + " step: " + c.circuit());
    IntegerEngine engine = new IntegerEngine(q);
    int n = q.inputs().get(0).size();
    PaddedShape os = c.circuit().tensor(c.circuit().outputs().get(0)).padded();
    SplittableRandom rng = new SplittableRandom(seed + 1);
    for (int t = 0; t < EXACTNESS_INPUTS; t++) {
      long[] x = AggregateFixtures.int8(rng, n);
      long[] expected = engine.run(List.of(x)).outputs().get(0);
      long[] actual = os.unpad(Witness.compute(c.circuit(), x, c.weights()).values(c.circuit().outputs().get(0)));
      assertArrayEquals(expected, actual, "circuit output on random input " + t);
    }
    AggregateFixtures.Model model = AggregateFixtures.commit(c.circuit(), c.weights(), seed);
    for (int t = 0; t < PROVED_INPUTS; t++) {
      float[] xf = new float[n];
      for (int i = 0; i < n; i++) {
        xf[i] = (float) (2 * rng.nextDouble() - 1);
      }
      long[] x = q.quantizeInputs(List.of(xf)).get(0);
      Proof p = model.prover().prove(x);
      assertArrayEquals(engine.run(List.of(x)).outputs().get(0), p.output(), "the proved output is the engine's");
      model.verifier().verify(Proof.read(p.toBytes(), "proof", AggregateFixtures.PCS));
    }
    return c.circuit();
  }

  private static int size(int[] s) {
    int n = 1;
    for (int d : s) {
      n *= d;
    }
    return n;
  }

  // ------------------------------------------------------------------ average pooling

  @Test
  void averagePool2dWithPaddingExcludingPad() throws Exception {
    check(new OnnxTestModels(1, 1, 2, 7, 7).node("AveragePool", "kernel_shape", new int[] {3, 3},
        "strides", new int[] {2, 2}, "pads", new int[] {1, 1, 1, 1}), 1, Circuit.AvgPool.class);
  }

  @Test
  void averagePool2dCountIncludePadAsymmetric() throws Exception {
    check(new OnnxTestModels(2, 1, 2, 6, 7).node("AveragePool", "kernel_shape", new int[] {2, 3},
        "pads", new int[] {1, 0, 0, 2}, "count_include_pad", 1), 2, Circuit.AvgPool.class);
  }

  @Test
  void averagePool2dCeilModeAndDilations() throws Exception {
    check(new OnnxTestModels(3, 1, 3, 8, 9).node("AveragePool", "kernel_shape", new int[] {2, 2},
        "strides", new int[] {3, 2}, "dilations", new int[] {2, 1}, "ceil_mode", 1), 3, Circuit.AvgPool.class);
  }

  @Test
  void averagePool1dEvenWindowsHaveTies() throws Exception {
    check(new OnnxTestModels(4, 1, 3, 11).node("AveragePool", "kernel_shape", new int[] {4},
        "strides", new int[] {3}, "pads", new int[] {2, 1}), 4, Circuit.AvgPool.class);
  }

  @Test
  void averagePool3dCeilModeCountIncludePad() throws Exception {
    check(new OnnxTestModels(5, 1, 2, 4, 5, 6).node("AveragePool", "kernel_shape", new int[] {2, 3, 2},
        "strides", new int[] {2, 1, 2}, "pads", new int[] {1, 1, 0, 0, 1, 1}, "count_include_pad", 1,
        "ceil_mode", 1), 5, Circuit.AvgPool.class);
  }

  @Test
  void averagePoolAfterAConvolution() throws Exception {
    OnnxTestModels m = new OnnxTestModels(6, 1, 2, 9, 9);
    m.node("Conv", new String[] {m.weight(0.4, 4, 2, 3, 3), m.weight(0.1, 4)}, "kernel_shape", new int[] {3, 3},
        "pads", new int[] {1, 1, 1, 1});
    m.node("Relu").node("AveragePool", "kernel_shape", new int[] {2, 2}, "strides", new int[] {2, 2});
    check(m, 6, Circuit.AvgPool.class);
  }

  // ------------------------------------------------------------------ concatenation

  @Test
  void concatOfTheInputAndAnActivation() throws Exception {
    OnnxTestModels m = new OnnxTestModels(21, 1, 3, 4);
    m.node("Relu").node("Concat", new String[] {"x"}, "axis", 1);
    Circuit c = check(m, 21, Circuit.Elementwise.class);
    assertTrue(c.steps().stream().filter(st -> st instanceof Circuit.Relayout).count() >= 2, c.toString());
  }

  @Test
  void concatWithAConstantAlongTheLastAxis() throws Exception {
    OnnxTestModels m = new OnnxTestModels(22, 1, 2, 5);
    m.node("Sigmoid").node("Concat", new String[] {m.weight(0.8, 1, 2, 3), "x"}, "axis", -1);
    check(m, 22, Circuit.Elementwise.class);
  }

  // ------------------------------------------------------------------ reductions

  @Test
  void reduceMeanOverAMiddleAxis() throws Exception {
    check(new OnnxTestModels(7, 1, 4, 3, 5).node("ReduceMean", "axes", new int[] {1}, "keepdims", 0), 7,
        Circuit.Reduce.class);
  }

  @Test
  void reduceSumOverTwoAxesKeepingDims() throws Exception {
    OnnxTestModels m = new OnnxTestModels(8, 1, 3, 4, 4);
    m.node("ReduceSum", new String[] {m.ints(1, 3)}, "keepdims", 1);
    check(m, 8, Circuit.Reduce.class);
  }

  @Test
  void globalAveragePool() throws Exception {
    check(new OnnxTestModels(9, 1, 3, 5, 5).node("GlobalAveragePool"), 9, Circuit.Reduce.class);
  }

  // ------------------------------------------------------------------ max pooling with padding

  @Test
  void maxPool2dWithPadding() throws Exception {
    check(new OnnxTestModels(10, 1, 2, 7, 7).node("MaxPool", "kernel_shape", new int[] {3, 3},
        "strides", new int[] {2, 2}, "pads", new int[] {1, 1, 1, 1}), 10, Circuit.MaxPool.class);
  }

  @Test
  void maxPool2dCeilModeAsymmetricPads() throws Exception {
    check(new OnnxTestModels(11, 1, 2, 8, 7).node("MaxPool", "kernel_shape", new int[] {3, 2},
        "strides", new int[] {2, 2}, "pads", new int[] {0, 1, 1, 0}, "ceil_mode", 1), 11, Circuit.MaxPool.class);
  }

  @Test
  void maxPool3dDilatedWithPadding() throws Exception {
    check(new OnnxTestModels(12, 1, 1, 5, 6, 6).node("MaxPool", "kernel_shape", new int[] {2, 2, 2},
        "strides", new int[] {1, 2, 2}, "dilations", new int[] {2, 2, 1}, "pads", new int[] {1, 0, 1, 1, 1, 0}), 12,
        Circuit.MaxPool.class);
  }

  // ------------------------------------------------------------------ grouped convolution

  private static OnnxTestModels groupedConv(long seed, int[] input, int outChannels, int group, int[] kernel,
      boolean bias, Object... attrs) {
    return convolution("Conv", new int[] {outChannels, input[1] / group}, seed, input, outChannels, group, kernel,
        bias, attrs);
  }

  /** One Conv or ConvTranspose node with a weight [w0, w1, kernel...] (and a bias) of {@code outChannels}. */
  private static OnnxTestModels convolution(String op, int[] w01, long seed, int[] input, int outChannels, int group,
      int[] kernel, boolean bias, Object... attrs) {
    OnnxTestModels m = new OnnxTestModels(seed, input);
    int[] w = new int[2 + kernel.length];
    w[0] = w01[0];
    w[1] = w01[1];
    System.arraycopy(kernel, 0, w, 2, kernel.length);
    String[] extra = bias ? new String[] {m.weight(0.5, w), m.weight(0.2, outChannels)} : new String[] {m.weight(0.5, w)};
    Object[] all = new Object[attrs.length + 4];
    all[0] = "group";
    all[1] = group;
    all[2] = "kernel_shape";
    all[3] = kernel;
    System.arraycopy(attrs, 0, all, 4, attrs.length);
    return m.node(op, extra, all);
  }

  @Test
  void depthwiseConvolution() throws Exception {
    check(groupedConv(20, new int[] {1, 4, 6, 6}, 4, 4, new int[] {3, 3}, true), 20, Circuit.GroupedConv.class);
  }

  @Test
  void depthwiseConvolutionStridedWithPadding() throws Exception {
    check(groupedConv(21, new int[] {1, 3, 7, 8}, 3, 3, new int[] {3, 3}, false, "strides", new int[] {2, 2},
        "pads", new int[] {1, 1, 1, 1}), 21, Circuit.GroupedConv.class);
  }

  @Test
  void depthwiseConvolutionWithChannelMultiplier() throws Exception {
    check(groupedConv(22, new int[] {1, 3, 5, 5}, 6, 3, new int[] {2, 2}, true, "dilations", new int[] {2, 1}),
        22, Circuit.GroupedConv.class);
  }

  @Test
  void twoGroupsOfSeveralChannels() throws Exception {
    check(groupedConv(23, new int[] {1, 4, 6, 5}, 6, 2, new int[] {3, 2}, true, "pads", new int[] {1, 0, 1, 0}),
        23, Circuit.GroupedConv.class);
  }

  @Test
  void groupedConvolution1dAndPointwise() throws Exception {
    check(groupedConv(24, new int[] {1, 6, 9}, 4, 2, new int[] {3}, true), 24, Circuit.GroupedConv.class);
    // one channel and one tap per group: the weight sum-check has no variables
    check(groupedConv(25, new int[] {1, 4, 5, 5}, 4, 4, new int[] {1, 1}, true), 25, Circuit.GroupedConv.class);
  }

  @Test
  void depthwiseSeparableBlock() throws Exception {
    OnnxTestModels m = groupedConv(26, new int[] {1, 4, 8, 8}, 4, 4, new int[] {3, 3}, true, "pads",
        new int[] {1, 1, 1, 1});
    m.node("Relu");
    m.node("Conv", new String[] {m.weight(0.5, 6, 4, 1, 1), m.weight(0.2, 6)}, "kernel_shape", new int[] {1, 1});
    m.node("GlobalAveragePool");
    check(m, 26, Circuit.GroupedConv.class);
  }

  // ------------------------------------------------------------------ transposed convolution

  private static OnnxTestModels convTranspose(long seed, int[] input, int outChannels, int group, int[] kernel,
      boolean bias, Object... attrs) {
    return convolution("ConvTranspose", new int[] {input[1], outChannels / group}, seed, input, outChannels, group,
        kernel, bias, attrs);
  }

  @Test
  void transposedConvolution1dStrided() throws Exception {
    check(convTranspose(30, new int[] {1, 3, 5}, 2, 1, new int[] {3}, true, "strides", new int[] {2}), 30,
        Circuit.ConvTranspose.class);
  }

  @Test
  void transposedConvolution2dWithoutBias() throws Exception {
    check(convTranspose(31, new int[] {1, 2, 4, 3}, 3, 1, new int[] {3, 3}, false), 31, Circuit.ConvTranspose.class);
  }

  @Test
  void transposedConvolutionStridedPaddedWithOutputPadding() throws Exception {
    check(convTranspose(32, new int[] {1, 2, 4, 3}, 3, 1, new int[] {3, 2}, true, "strides", new int[] {2, 3},
        "pads", new int[] {1, 0, 1, 1}, "output_padding", new int[] {1, 2}), 32, Circuit.ConvTranspose.class);
  }

  @Test
  void transposedConvolutionDilated() throws Exception {
    check(convTranspose(33, new int[] {1, 2, 4, 4}, 2, 1, new int[] {2, 3}, true, "dilations", new int[] {2, 1},
        "pads", new int[] {0, 1, 1, 0}), 33, Circuit.ConvTranspose.class);
  }

  @Test
  void transposedConvolutionWithTwoGroups() throws Exception {
    check(convTranspose(34, new int[] {1, 4, 3, 3}, 6, 2, new int[] {2, 2}, true, "strides", new int[] {2, 1}), 34,
        Circuit.ConvTranspose.class);
    check(convTranspose(35, new int[] {1, 4, 5}, 4, 2, new int[] {3}, false, "strides", new int[] {3},
        "output_padding", new int[] {2}), 35, Circuit.ConvTranspose.class);
  }

  @Test
  void transposedConvolution3d() throws Exception {
    check(convTranspose(36, new int[] {1, 2, 2, 3, 3}, 2, 1, new int[] {2, 2, 2}, true, "strides",
        new int[] {1, 2, 1}), 36, Circuit.ConvTranspose.class);
  }

  @Test
  void convolutionThenTransposedConvolution() throws Exception {
    // an encoder-decoder pair: a strided convolution halves the image, a transposed one restores it
    OnnxTestModels m = new OnnxTestModels(37, 1, 2, 8, 8);
    m.node("Conv", new String[] {m.weight(0.4, 4, 2, 3, 3), m.weight(0.1, 4)}, "kernel_shape", new int[] {3, 3},
        "strides", new int[] {2, 2}, "pads", new int[] {1, 1, 1, 1});
    m.node("Relu");
    m.node("ConvTranspose", new String[] {m.weight(0.4, 4, 2, 3, 3), m.weight(0.1, 2)}, "kernel_shape",
        new int[] {3, 3}, "strides", new int[] {2, 2}, "pads", new int[] {1, 1, 1, 1}, "output_padding",
        new int[] {1, 1});
    Circuit c = check(m, 37, Circuit.ConvTranspose.class);
    assertArrayEquals(new int[] {1, 2, 8, 8}, c.tensor(c.outputs().get(0)).shape());
  }

  @Test
  void anOutputShapeBeyondTheNaturalOutputStartsBeforeIt() throws Exception {
    // natural output 5, output_shape 7 (SAME_LOWER split): leading pad −1, trailing −1
    Circuit c = check(convTranspose(38, new int[] {1, 2, 3}, 2, 1, new int[] {3}, true, "output_shape",
        new int[] {7}), 38, Circuit.ConvTranspose.class);
    Circuit.ConvTranspose ct = (Circuit.ConvTranspose) c.steps().stream()
        .filter(st -> st instanceof Circuit.ConvTranspose).findFirst().orElseThrow();
    assertTrue(ct.geometry().pads()[2] < 0, java.util.Arrays.toString(ct.geometry().pads()));
    io.deepprove.core.codec.BinaryWriter out = new io.deepprove.core.codec.BinaryWriter();
    c.write(out);
    Circuit back = Circuit.read(new io.deepprove.core.codec.BinaryReader(out.toByteArray(), "circuit"));
    Circuit.ConvTranspose read = (Circuit.ConvTranspose) back.steps().get(c.steps().indexOf(ct));
    assertArrayEquals(ct.geometry().pads(), read.geometry().pads(), "negative pads survive serialization");
  }
}
