package io.deepprove.quantizer;

import io.deepprove.onnx.FloatInterpreter;
import io.deepprove.onnx.Graph;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ranges of every value of a float graph over calibration samples: the largest |x| (which fixes
 * the symmetric int8 scale absMax/127) and the smallest |x| (used to size reciprocal tables).
 * Each sample is one list of inputs in {@link Graph#inputs()} order; the float reference
 * ({@link FloatInterpreter}) runs on each.
 */
public record Calibration(Map<String, Double> absMax, Map<String, Double> minAbs, int samples) {
  public Calibration {
    absMax = Collections.unmodifiableMap(new HashMap<>(absMax));
    minAbs = Collections.unmodifiableMap(new HashMap<>(minAbs));
  }

  /** Runs every sample through the float graph and records the ranges. */
  public static Calibration of(Graph graph, List<List<float[]>> samples) throws QuantizationException {
    if (samples.isEmpty()) {
      throw new QuantizationException("calibration needs at least one sample");
    }
    FloatInterpreter fi = new FloatInterpreter(graph);
    Map<String, Double> max = new HashMap<>();
    Map<String, Double> min = new HashMap<>();
    for (List<float[]> s : samples) {
      Map<String, double[]> trace;
      try {
        trace = fi.trace(s);
      } catch (IllegalArgumentException e) {
        throw new QuantizationException("calibration sample does not fit the model: " + e.getMessage());
      }
      trace.forEach((name, v) -> {
        double hi = 0;
        double lo = Double.POSITIVE_INFINITY;
        for (double d : v) {
          double a = Math.abs(d);
          if (!(a <= Double.MAX_VALUE)) {
            continue; // NaN or infinite: no finite scale can hold it
          }
          if (a > hi) {
            hi = a;
          }
          if (a < lo) {
            lo = a;
          }
        }
        max.merge(name, hi, Math::max);
        min.merge(name, lo, Math::min);
      });
    }
    return new Calibration(max, min, samples.size());
  }

  /** Largest |x| of the value, or 0 when it was never seen. */
  public double absMax(String name) {
    Double d = absMax.get(name);
    return d == null ? 0 : d;
  }

  /** Smallest |x| of the value, or 0 when it was never seen. */
  public double minAbs(String name) {
    Double d = minAbs.get(name);
    return d == null ? 0 : d;
  }
}
