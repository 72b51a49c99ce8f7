package io.deepprove.onnx;

import io.deepprove.onnx.proto.Onnx.AttributeProto;
import io.deepprove.onnx.proto.Onnx.NodeProto;
import io.deepprove.onnx.proto.Onnx.TensorProto;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Typed read access to a node's attributes, with defaults. */
final class Attributes {
  private final Map<String, AttributeProto> byName = new HashMap<>();

  Attributes(NodeProto node) {
    for (AttributeProto a : node.getAttributeList()) {
      byName.put(a.getName(), a);
    }
  }

  boolean has(String name) {
    return byName.containsKey(name);
  }

  long i(String name, long def) {
    AttributeProto a = byName.get(name);
    return a == null ? def : a.getI();
  }

  double f(String name, double def) {
    AttributeProto a = byName.get(name);
    return a == null ? def : a.getF();
  }

  String s(String name, String def) {
    AttributeProto a = byName.get(name);
    return a == null ? def : a.getS().toString(StandardCharsets.UTF_8);
  }

  /** The ints attribute, or null when absent. */
  long[] ints(String name) {
    AttributeProto a = byName.get(name);
    if (a == null) {
      return null;
    }
    long[] v = new long[a.getIntsCount()];
    for (int k = 0; k < v.length; k++) {
      v[k] = a.getInts(k);
    }
    return v;
  }

  /** The floats attribute, or null when absent. */
  float[] floats(String name) {
    AttributeProto a = byName.get(name);
    if (a == null) {
      return null;
    }
    float[] v = new float[a.getFloatsCount()];
    for (int k = 0; k < v.length; k++) {
      v[k] = a.getFloats(k);
    }
    return v;
  }

  TensorProto t(String name) {
    AttributeProto a = byName.get(name);
    return a == null || !a.hasT() ? null : a.getT();
  }
}
