package io.deepprove.onnx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Float-exact rewrites of an imported graph that a quantizer wants before calibration. */
public final class GraphPasses {
  private GraphPasses() {}

  /**
   * Folds every {@link Op.ChannelAffine} (an inference BatchNormalization) into the Conv or Gemm that
   * produces its input, when that producer has constant weights and no other consumer: W' = W * scale
   * per output channel, b' = b * scale + shift. Affine nodes that cannot be folded stay.
   */
  public static Graph foldChannelAffine(Graph g) {
    Map<String, Tensor> inits = new LinkedHashMap<>(g.initializers());
    Map<String, TensorInfo> infos = new LinkedHashMap<>(g.infos());
    Set<String> outputs = new HashSet<>();
    g.outputs().forEach(o -> outputs.add(o.name()));
    Map<Node, Node> replaced = new java.util.IdentityHashMap<>();
    Set<Node> removed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Node n : g.nodes()) {
      if (!(n.op() instanceof Op.ChannelAffine)) {
        continue;
      }
      Node p = g.producer(n.input(0));
      if (p == null || replaced.containsKey(p) || outputs.contains(p.output())
          || g.consumers(p.output()).size() != 1) {
        continue;
      }
      boolean constants = g.isConstant(n.input(1)) && g.isConstant(n.input(2));
      for (int k = 1; k < p.inputs().size(); k++) {
        constants &= g.isConstant(p.input(k));
      }
      if (!constants) {
        continue;
      }
      Tensor scale = g.initializer(n.input(1));
      Tensor shift = g.initializer(n.input(2));
      Node folded = null;
      if (p.op() instanceof Op.Conv) {
        Tensor w = g.initializer(p.input(1));
        Tensor b = p.inputs().size() > 2 ? g.initializer(p.input(2)) : null;
        int m = w.shape()[0];
        int per = w.size() / m;
        Tensor w2 = Tensor.lazy(w.shape(), DataType.FLOAT, () -> {
          double[] wv = w.toDoubleArray();
          for (int i = 0; i < wv.length; i++) {
            wv[i] *= scale.get(i / per);
          }
          return wv;
        });
        Tensor b2 = Tensor.lazy(new int[] {m}, DataType.FLOAT, () -> {
          double[] r = new double[m];
          for (int i = 0; i < m; i++) {
            r[i] = (b == null ? 0 : b.get(i)) * scale.get(i) + shift.get(i);
          }
          return r;
        });
        String wn = fresh(inits, p.input(1) + "/bn_folded");
        inits.put(wn, w2);
        infos.put(wn, new TensorInfo(wn, w2.shape(), DataType.FLOAT));
        String bn = fresh(inits, n.name() + "/bias_folded");
        inits.put(bn, b2);
        infos.put(bn, new TensorInfo(bn, b2.shape(), DataType.FLOAT));
        folded = new Node(p.name(), p.onnxOpType(), p.op(), List.of(p.input(0), wn, bn), n.outputs());
      } else if (p.op() instanceof Op.Gemm gm) {
        int[] ys = g.shape(p.output());
        int cols = ys[1];
        Tensor c = p.inputs().size() > 2 ? g.initializer(p.input(2)) : null;
        if (c != null && c.size() != 1 && c.size() != cols) {
          continue;
        }
        if (c != null && c.size() == cols && c.rank() == 2 && c.shape()[0] != 1) {
          continue;
        }
        Tensor w = g.initializer(p.input(1));
        int[] ws = w.shape();
        Tensor w2 = Tensor.lazy(ws, DataType.FLOAT, () -> {
          double[] wv = w.toDoubleArray();
          for (int i = 0; i < wv.length; i++) {
            int col = gm.transB() ? i / ws[1] : i % ws[1];
            wv[i] *= scale.get(col);
          }
          return wv;
        });
        double beta = gm.beta();
        Tensor c2 = Tensor.lazy(new int[] {cols}, DataType.FLOAT, () -> {
          double[] r = new double[cols];
          for (int i = 0; i < cols; i++) {
            double cv = c == null ? 0 : beta * c.get(c.size() == 1 ? 0 : i);
            r[i] = cv * scale.get(i) + shift.get(i);
          }
          return r;
        });
        String wn = fresh(inits, p.input(1) + "/bn_folded");
        inits.put(wn, w2);
        infos.put(wn, new TensorInfo(wn, ws, DataType.FLOAT));
        String cn = fresh(inits, n.name() + "/bias_folded");
        inits.put(cn, c2);
        infos.put(cn, new TensorInfo(cn, c2.shape(), DataType.FLOAT));
        folded = new Node(p.name(), p.onnxOpType(), new Op.Gemm(gm.alpha(), 1.0, gm.transA(), gm.transB()),
            List.of(p.input(0), wn, cn), n.outputs());
      }
      if (folded != null) {
        replaced.put(p, folded);
        removed.add(n);
        infos.remove(p.output());
      }
    }
    if (replaced.isEmpty()) {
      return g;
    }
    List<Node> nodes = new ArrayList<>();
    for (Node n : g.nodes()) {
      if (!removed.contains(n)) {
        nodes.add(replaced.getOrDefault(n, n));
      }
    }
    Set<String> read = new HashSet<>(outputs);
    nodes.forEach(n -> read.addAll(n.inputs()));
    inits.keySet().removeIf(k -> !read.contains(k));
    infos.keySet().removeIf(k -> !read.contains(k) && g.initializers().containsKey(k));
    return new Graph(g.name(), g.opset(), g.irVersion(), g.inputs(), g.outputs(), nodes, inits, infos);
  }

  private static String fresh(Map<String, Tensor> used, String base) {
    String name = base;
    for (int k = 1; used.containsKey(name); k++) {
      name = base + "_" + k;
    }
    return name;
  }
}
