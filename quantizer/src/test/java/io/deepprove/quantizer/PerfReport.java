package io.deepprove.quantizer;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import io.deepprove.onnx.Graph;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Not a test: time per inference of the integer engine (with its full trace) against onnxruntime
 * float on the MLP and CNN test models. Run with the test classpath:
 * {@code java -cp quantizer/target/test-classes:quantizer/target/classes:$(cat cp.txt)
 * io.deepprove.quantizer.PerfReport}.
 */
public final class PerfReport {
  private PerfReport() {}

  public static void main(String[] args) throws Exception {
    int iters = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    for (String name : List.of("MLP 784-56-10", "CNN")) {
      TestModels m = name.startsWith("MLP") ? TestModels.mlp(7) : TestModels.cnn(11);
      Graph g = QuantizerTest.load(m);
      Random r = new Random(1);
      QuantizedGraph q = Quantizer.quantize(g, List.of(m.inputs(r, 0, 1), m.inputs(r, 0, 1)));
      float[] x = m.inputs(r, 0, 1).get(0);
      IntegerEngine e = new IntegerEngine(q, threads);
      long[] xq = q.quantizeInputs(List.of(x)).get(0);
      List<long[]> in = List.of(xq);
      long sink = 0;
      for (int i = 0; i < iters; i++) {
        sink += e.run(in).nodes().size();
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < iters; i++) {
        sink += e.run(in).nodes().size();
      }
      double intUs = (System.nanoTime() - t0) / 1e3 / iters;

      OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      double ortUs;
      try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
        o.setIntraOpNumThreads(1);
        try (OrtSession s = env.createSession(m.bytes(), o);
            OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), toLong(m.inputShapes.get(0)))) {
          Map<String, OnnxTensor> feed = Map.of("x", t);
          for (int i = 0; i < iters; i++) {
            try (OrtSession.Result res = s.run(feed)) {
              sink += res.size();
            }
          }
          long t1 = System.nanoTime();
          for (int i = 0; i < iters; i++) {
            try (OrtSession.Result res = s.run(feed)) {
              sink += res.size();
            }
          }
          ortUs = (System.nanoTime() - t1) / 1e3 / iters;
        }
      }
      System.out.printf(Locale.ROOT, "%-14s integer engine (with trace, " + threads + " thr) %8.1f us, onnxruntime float (1 thread) %8.1f us,"
          + " ratio %.2f  [%d]%n", name, intUs, ortUs, intUs / ortUs, sink % 2);
    }
  }

  private static long[] toLong(int[] s) {
    long[] l = new long[s.length];
    for (int i = 0; i < s.length; i++) {
      l[i] = s[i];
    }
    return l;
  }
}
