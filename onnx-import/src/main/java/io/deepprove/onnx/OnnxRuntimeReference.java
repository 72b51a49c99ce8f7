package io.deepprove.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The float output of onnxruntime for a model file and inputs: the reference for accuracy reports.
 * Graph optimizations are disabled so the numbers are those of the plain operators.
 */
public final class OnnxRuntimeReference {
  private OnnxRuntimeReference() {}

  /** A named float input with its shape. */
  public record Input(String name, long[] shape, float[] values) {}

  /** Runs {@code model} on the given inputs and returns every graph output, flattened row-major, in graph order. */
  public static List<float[]> run(Path model, List<Input> inputs) throws ModelImportException {
    try {
      return run(java.nio.file.Files.readAllBytes(model), model.toString(), inputs);
    } catch (java.io.IOException e) {
      throw new ModelImportException(model.toString(), "cannot read: " + e.getMessage(), e);
    }
  }

  /** Runs a model held in memory. */
  public static List<float[]> run(byte[] model, String source, List<Input> inputs) throws ModelImportException {
    // Errors only: onnxruntime's warnings (legacy opsets, shape hints) are noise for our users.
    OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
      opts.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(model, opts)) {
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
          for (Input in : inputs) {
            feed.put(in.name(), OnnxTensor.createTensor(env, FloatBuffer.wrap(in.values()), in.shape()));
          }
          try (OrtSession.Result r = session.run(feed)) {
            List<float[]> out = new ArrayList<>();
            for (Map.Entry<String, OnnxValue> e : r) {
              OnnxTensor t = (OnnxTensor) e.getValue();
              FloatBuffer fb = t.getFloatBuffer();
              float[] f = new float[fb.remaining()];
              fb.get(f);
              out.add(f);
            }
            return out;
          }
        } finally {
          for (OnnxTensor t : feed.values()) {
            t.close();
          }
        }
      }
    } catch (OrtException e) {
      throw new ModelImportException(source, "onnxruntime failed: " + e.getMessage(), e);
    }
  }
}
