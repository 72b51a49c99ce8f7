package io.deepprove.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure-Java float reference for an imported {@link Graph}: every op in double precision, nodes in
 * topological order. The independent reference for tests and the model the quantizer's integer
 * engine mirrors; {@link #trace} also gives every intermediate tensor (for calibration).
 */
public final class FloatInterpreter {
  private final Graph graph;

  public FloatInterpreter(Graph graph) {
    this.graph = graph;
  }

  /** Runs the graph on inputs given in {@link Graph#inputs()} order (row-major), returning the outputs in order. */
  public List<float[]> run(List<float[]> inputs) {
    Map<String, double[]> values = trace(inputs);
    List<float[]> out = new ArrayList<>();
    for (TensorInfo o : graph.outputs()) {
      out.add(toFloats(values.get(o.name())));
    }
    return out;
  }

  /**
   * Runs the graph and returns every value it computes or reads (inputs, constants read by nodes,
   * node outputs), keyed by name, in double precision.
   */
  public Map<String, double[]> trace(List<float[]> inputs) {
    if (inputs.size() != graph.inputs().size()) {
      throw new IllegalArgumentException("graph has " + graph.inputs().size() + " inputs, got " + inputs.size());
    }
    Map<String, double[]> env = new LinkedHashMap<>();
    for (int k = 0; k < inputs.size(); k++) {
      TensorInfo info = graph.inputs().get(k);
      float[] v = inputs.get(k);
      if (v.length != info.size()) {
        throw new IllegalArgumentException("input '" + info.name() + "' of shape " + Shapes.toString(info.shape())
            + " needs " + info.size() + " values, got " + v.length);
      }
      env.put(info.name(), toDoubles(v));
    }
    Map<String, double[]> constants = new HashMap<>();
    for (Node n : graph.nodes()) {
      double[][] in = new double[n.inputs().size()][];
      int[][] inShapes = new int[in.length][];
      for (int k = 0; k < in.length; k++) {
        String name = n.inputs().get(k);
        double[] v = env.get(name);
        if (v == null) {
          v = constants.computeIfAbsent(name, c -> graph.initializer(c).toDoubleArray());
        }
        in[k] = v;
        inShapes[k] = graph.shape(name);
      }
      int[][] outShapes = new int[n.outputs().size()][];
      for (int k = 0; k < outShapes.length; k++) {
        outShapes[k] = graph.shape(n.outputs().get(k));
      }
      double[][] out = NodeEvaluator.eval(n.op(), in, inShapes, outShapes);
      for (int k = 0; k < out.length; k++) {
        env.put(n.outputs().get(k), out[k]);
      }
    }
    for (TensorInfo o : graph.outputs()) {
      if (!env.containsKey(o.name())) {
        env.put(o.name(), graph.initializer(o.name()).toDoubleArray());
      }
    }
    env.putAll(constants);
    return env;
  }

  private static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}
