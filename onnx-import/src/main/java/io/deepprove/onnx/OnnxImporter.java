package io.deepprove.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import io.deepprove.onnx.proto.Onnx.GraphProto;
import io.deepprove.onnx.proto.Onnx.ModelProto;
import io.deepprove.onnx.proto.Onnx.NodeProto;
import io.deepprove.onnx.proto.Onnx.OperatorSetIdProto;
import io.deepprove.onnx.proto.Onnx.TensorProto;
import io.deepprove.onnx.proto.Onnx.TensorShapeProto;
import io.deepprove.onnx.proto.Onnx.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports an ONNX model file into a {@link Graph}: decodes the protobuf, binds initializers (also
 * IR-3 files that list them among the graph inputs), resolves the batch dimension, translates every
 * node into a typed {@link Op} with its attributes' opset defaults, infers every static shape and
 * folds everything computable from constants (Constant, ConstantOfShape, Shape→Gather→Concat→Reshape
 * chains, BatchNormalization parameters ...). Unsupported nodes are collected and reported together.
 */
public final class OnnxImporter {
  /** Oldest and newest default-domain opset accepted (ops whose semantics changed are handled per version). */
  public static final int MIN_OPSET = 6;
  public static final int MAX_OPSET = 25;

  private OnnxImporter() {}

  /** Imports with batch size 1. */
  public static Graph importModel(Path file) throws ModelImportException {
    return importModel(file, ImportOptions.defaults());
  }

  /** Imports the file, failing with every unsupported node listed. */
  public static Graph importModel(Path file, ImportOptions options) throws ModelImportException {
    return importModel(read(file), file.toString(), options);
  }

  /** Imports a model held in memory; {@code source} names it in error messages. */
  public static Graph importModel(byte[] model, String source, ImportOptions options) throws ModelImportException {
    Translation t = translate(parse(model, source), source, options);
    if (!t.unsupported.isEmpty()) {
      throw new ModelImportException(source, t.unsupported);
    }
    return t.graph();
  }

  /** A report of the file without failing on unsupported nodes (fails only on unreadable or malformed files). */
  public static ImportReport inspect(Path file, ImportOptions options) throws ModelImportException {
    return inspect(read(file), file.toString(), options);
  }

  /** A report of a model held in memory. */
  public static ImportReport inspect(byte[] model, String source, ImportOptions options) throws ModelImportException {
    return translate(parse(model, source), source, options).report();
  }

  private static byte[] read(Path file) throws ModelImportException {
    try {
      if (Files.isDirectory(file)) {
        throw new ModelImportException(file.toString(), "is a directory, not an ONNX model file");
      }
      if (Files.size(file) > Integer.MAX_VALUE - 16) {
        throw new ModelImportException(file.toString(), "file larger than 2 GB (external data is not supported)");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ModelImportException(file.toString(), "no such file");
    } catch (IOException e) {
      throw new ModelImportException(file.toString(), "cannot read: " + e.getMessage(), e);
    }
  }

  static ModelProto parse(byte[] bytes, String source) throws ModelImportException {
    if (bytes.length == 0) {
      throw new ModelImportException(source, "empty file, not an ONNX model");
    }
    ModelProto m;
    try {
      m = ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new ModelImportException(source, "not a valid ONNX model (malformed or truncated protobuf: "
          + e.getMessage() + ")", e);
    }
    if (!m.hasGraph() || (m.getGraph().getNodeCount() == 0 && m.getGraph().getOutputCount() == 0)) {
      throw new ModelImportException(source, "not a valid ONNX model (no graph)");
    }
    if (m.getIrVersion() <= 0) {
      throw new ModelImportException(source, "not a valid ONNX model (no IR version)");
    }
    return m;
  }

  private static Translation translate(ModelProto m, String source, ImportOptions options)
      throws ModelImportException {
    int opset = -1;
    for (OperatorSetIdProto o : m.getOpsetImportList()) {
      if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
        opset = (int) o.getVersion();
      }
    }
    if (opset < 0) {
      opset = m.getIrVersion() <= 2 ? 1 : -1;
      if (opset < 0) {
        throw new ModelImportException(source, "not a valid ONNX model (no default-domain opset import)");
      }
    }
    Translation t = new Translation(m.getGraph(), opset, m.getIrVersion(), options);
    try {
      t.run();
    } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException | ArithmeticException
        | NegativeArraySizeException | NullPointerException e) {
      // Translation checks what it reads, but a hostile file can be inconsistent in more ways than
      // we test; every such inconsistency is the file's fault and becomes a checked error naming it.
      throw new ModelImportException(source, "malformed model: " + e.getMessage(), e);
    } catch (OutOfMemoryError e) {
      throw new ModelImportException(source, "model too large for this JVM heap");
    }
    return t;
  }

  // ------------------------------------------------------------------------------------------------

  /** A value during translation: shape null when it could not be inferred. */
  private record Val(int[] shape, DataType dtype, Tensor constant) {}

  /** The node cannot be imported, with the reason. */
  private static final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported(String reason) {
      super(reason, null, false, false);
    }
  }

  /** An input's shape is unknown (an upstream node is unsupported): nothing more to say here. */
  private static final class UnknownInput extends Exception {
    private static final long serialVersionUID = 1L;

    UnknownInput() {
      super(null, null, false, false);
    }
  }

  /** The result of translating one node. */
  private record Result(Op op, List<String> inputs, List<int[]> outShapes, List<DataType> outTypes,
      List<Tensor> folded) {
    static Result folded(Tensor... t) {
      return new Result(null, List.of(), null, null, List.of(t));
    }
  }

  private static final class Translation {
    final GraphProto g;
    final int opset;
    final long irVersion;
    final ImportOptions options;
    final Map<String, Val> env = new HashMap<>();
    final Map<String, Tensor> constants = new LinkedHashMap<>();
    final List<TensorInfo> inputs = new ArrayList<>();
    final List<Node> nodes = new ArrayList<>();
    final List<UnsupportedNode> unsupported = new ArrayList<>();
    final List<ImportReport.NodeReport> reports = new ArrayList<>();
    final Set<String> used = new HashSet<>();
    final Set<String> names = new HashSet<>();
    final Set<String> computeInputs = new java.util.LinkedHashSet<>();
    int generated;

    Translation(GraphProto g, int opset, long irVersion, ImportOptions options) {
      this.g = g;
      this.opset = opset;
      this.irVersion = irVersion;
      this.options = options;
    }

    void run() {
      for (NodeProto n : g.getNodeList()) {
        used.addAll(n.getInputList());
      }
      for (ValueInfoProto o : g.getOutputList()) {
        used.add(o.getName());
      }
      for (TensorProto t : g.getInitializerList()) {
        Tensor v;
        try {
          v = TensorProtos.toTensor(t);
        } catch (IllegalArgumentException e) {
          unsupported.add(new UnsupportedNode(t.getName(), "initializer", e.getMessage()));
          continue;
        }
        env.put(t.getName(), new Val(v.shape(), v.dtype(), v));
        constants.put(t.getName(), v);
      }
      for (ValueInfoProto in : g.getInputList()) {
        String name = in.getName();
        if (env.containsKey(name)) {
          continue; // IR-3 weights listed among the inputs
        }
        Tensor bound = options.boundInputs().get(name);
        if (bound != null) {
          env.put(name, new Val(bound.shape(), bound.dtype(), bound));
          constants.put(name, bound);
          continue;
        }
        try {
          TensorInfo info = inputInfo(in);
          env.put(name, new Val(info.shape(), info.dtype(), null));
          inputs.add(info);
        } catch (Unsupported e) {
          unsupported.add(new UnsupportedNode(name, "input", e.getMessage()));
          env.put(name, new Val(null, DataType.FLOAT, null));
        }
      }
      if (opset < MIN_OPSET || opset > MAX_OPSET) {
        for (NodeProto n : g.getNodeList()) {
          String name = nodeName(n);
          String reason = "opset " + opset + " is outside the supported range " + MIN_OPSET + ".." + MAX_OPSET;
          unsupported.add(new UnsupportedNode(name, opType(n), reason));
          reports.add(new ImportReport.NodeReport(name, opType(n), null, false, reason, "", false));
        }
        return;
      }
      for (NodeProto n : topologicalOrder()) {
        node(n);
      }
    }

    String opType(NodeProto n) {
      return n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx")
          ? n.getOpType() : n.getDomain() + "." + n.getOpType();
    }

    String nodeName(NodeProto n) {
      if (!n.getName().isEmpty()) {
        return n.getName();
      }
      String name;
      do {
        name = n.getOpType() + "_" + generated++;
      } while (names.contains(name));
      return name;
    }

    /** Nodes in file order when that is topological (the ONNX rule), else a stable Kahn order. */
    List<NodeProto> topologicalOrder() {
      List<NodeProto> list = g.getNodeList();
      Set<String> defined = new HashSet<>(env.keySet());
      boolean sorted = true;
      for (NodeProto n : list) {
        for (String i : n.getInputList()) {
          if (!i.isEmpty() && !defined.contains(i)) {
            sorted = false;
          }
        }
        defined.addAll(n.getOutputList());
      }
      if (sorted) {
        return list;
      }
      List<NodeProto> out = new ArrayList<>();
      Set<String> have = new HashSet<>(env.keySet());
      boolean[] done = new boolean[list.size()];
      boolean progress = true;
      while (progress) {
        progress = false;
        for (int k = 0; k < list.size(); k++) {
          if (done[k]) {
            continue;
          }
          boolean ready = true;
          for (String i : list.get(k).getInputList()) {
            if (!i.isEmpty() && !have.contains(i)) {
              ready = false;
              break;
            }
          }
          if (ready) {
            done[k] = true;
            out.add(list.get(k));
            have.addAll(list.get(k).getOutputList());
            progress = true;
          }
        }
      }
      for (int k = 0; k < list.size(); k++) {
        if (!done[k]) {
          out.add(list.get(k)); // reported below: an input is never defined (or a cycle)
        }
      }
      return out;
    }

    TensorInfo inputInfo(ValueInfoProto in) throws Unsupported {
      if (!in.hasType() || !in.getType().hasTensorType()) {
        throw new Unsupported("input '" + in.getName() + "' is not a tensor");
      }
      var tt = in.getType().getTensorType();
      DataType dt = DataType.fromCode(tt.getElemType());
      if (dt != DataType.FLOAT && dt != DataType.DOUBLE && dt != DataType.FLOAT16) {
        throw new Unsupported("input '" + in.getName() + "' has element type " + dt + "; only float inputs are supported");
      }
      if (!tt.hasShape()) {
        throw new Unsupported("input '" + in.getName() + "' has no shape");
      }
      int[] shape = new int[tt.getShape().getDimCount()];
      for (int k = 0; k < shape.length; k++) {
        TensorShapeProto.Dimension d = tt.getShape().getDim(k);
        if (d.hasDimValue() && d.getDimValue() > 0) {
          if (d.getDimValue() > Integer.MAX_VALUE) {
            throw new Unsupported("input '" + in.getName() + "' dimension " + d.getDimValue() + " is too large");
          }
          shape[k] = (int) d.getDimValue();
        } else if (k == 0) {
          shape[k] = options.batchSize();
        } else {
          String what = d.hasDimParam() ? "'" + d.getDimParam() + "'" : String.valueOf(d.getDimValue());
          throw new Unsupported("input '" + in.getName() + "' has a dynamic dimension " + what + " at axis " + k
              + "; only the batch dimension (axis 0) may be dynamic");
        }
      }
      return new TensorInfo(in.getName(), shape, DataType.FLOAT);
    }

    void node(NodeProto n) {
      String name = nodeName(n);
      names.add(name);
      String type = opType(n);
      Result r;
      try {
        if (!(n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx"))) {
          throw new Unsupported("operator domain '" + n.getDomain() + "' is not supported");
        }
        for (String i : n.getInputList()) {
          if (!i.isEmpty() && !env.containsKey(i)) {
            throw new Unsupported("input '" + i + "' is not defined before this node");
          }
        }
        r = new NodeTranslator(this, n, name).translate();
      } catch (Unsupported e) {
        for (String i : n.getInputList()) {
          Val v = env.get(i);
          if (v != null && v.constant != null && !v.dtype.isInteger()) {
            computeInputs.add(i);
          }
        }
        unsupported.add(new UnsupportedNode(name, type, e.getMessage()));
        reports.add(new ImportReport.NodeReport(name, type, null, false, e.getMessage(), "", false));
        for (String o : n.getOutputList()) {
          env.put(o, new Val(null, DataType.FLOAT, null));
        }
        return;
      } catch (UnknownInput e) {
        reports.add(new ImportReport.NodeReport(name, type, null, true, null, "", false));
        for (String o : n.getOutputList()) {
          env.put(o, new Val(null, DataType.FLOAT, null));
        }
        return;
      }
      if (r.folded != null) {
        for (int k = 0; k < r.folded.size() && k < n.getOutputCount(); k++) {
          Tensor t = r.folded.get(k);
          env.put(n.getOutput(k), new Val(t.shape(), t.dtype(), t));
        }
        reports.add(new ImportReport.NodeReport(name, type, r.folded.get(0).shape(), true, null, "folded", true));
        return;
      }
      boolean allConstant = true;
      for (String i : r.inputs) {
        allConstant &= env.get(i).constant != null;
      }
      List<String> outs = new ArrayList<>();
      for (int k = 0; k < r.outShapes.size(); k++) {
        outs.add(n.getOutput(k));
      }
      if (allConstant) {
        fold(r, outs);
        reports.add(new ImportReport.NodeReport(name, type, r.outShapes.get(0), true, null,
            "folded " + r.op, true));
        return;
      }
      for (String i : r.inputs) {
        Val v = env.get(i);
        if (v.dtype.isInteger()) {
          String reason = "input '" + i + "' is an integer tensor computed at run time; integer tensors are "
              + "supported only in constant (shape) computations";
          unsupported.add(new UnsupportedNode(name, type, reason));
          reports.add(new ImportReport.NodeReport(name, type, null, false, reason, "", false));
          for (String o : n.getOutputList()) {
            env.put(o, new Val(null, DataType.FLOAT, null));
          }
          return;
        }
      }
      for (int k = 0; k < outs.size(); k++) {
        env.put(outs.get(k), new Val(r.outShapes.get(k), r.outTypes.get(k), null));
      }
      nodes.add(new Node(name, n.getOpType(), r.op, r.inputs, outs));
      computeInputs.addAll(r.inputs);
      reports.add(new ImportReport.NodeReport(name, type, r.outShapes.get(0), true, null, r.op.toString(), false));
    }

    /** Replaces a node whose inputs are all constant by its (lazily computed) outputs. */
    void fold(Result r, List<String> outs) {
      int nIn = r.inputs.size();
      Tensor[] in = new Tensor[nIn];
      int[][] inShapes = new int[nIn][];
      for (int k = 0; k < nIn; k++) {
        in[k] = env.get(r.inputs.get(k)).constant;
        inShapes[k] = in[k].shape();
      }
      int[][] outShapes = r.outShapes.toArray(new int[0][]);
      Op op = r.op;
      boolean integer = r.outTypes.get(0).isInteger();
      // One evaluation shared by all outputs, run when the first of them is read.
      double[][][] memo = new double[1][][];
      java.util.function.Supplier<double[][]> all = () -> {
        synchronized (memo) {
          if (memo[0] == null) {
            double[][] ins = new double[nIn][];
            for (int k = 0; k < nIn; k++) {
              ins[k] = in[k].toDoubleArray();
            }
            double[][] res = NodeEvaluator.eval(op, ins, inShapes, outShapes);
            if (integer) {
              for (double[] a : res) {
                for (int k = 0; k < a.length; k++) {
                  a[k] = a[k] < 0 ? Math.ceil(a[k]) : Math.floor(a[k]);
                }
              }
            }
            memo[0] = res;
          }
          return memo[0];
        }
      };
      long total = 0;
      for (int[] s : inShapes) {
        total += Shapes.sizeLong(s);
      }
      for (int k = 0; k < outs.size(); k++) {
        int idx = k;
        Tensor t = Tensor.lazy(outShapes[k], r.outTypes.get(k), () -> all.get()[idx]);
        if (total <= 4096 && Shapes.size(outShapes[k]) > 0) {
          t.get(0); // small (shape computations): evaluate now
        }
        env.put(outs.get(k), new Val(outShapes[k], r.outTypes.get(k), t));
      }
    }

    /** Adds a constant created by the importer (e.g. BatchNormalization scale) under a fresh name. */
    /**
     * Adds an intermediate node that one ONNX node lowers into (its output named after {@code base},
     * made unique), ahead of the node's own; returns the output's name.
     */
    String addIntermediate(String nodeName, String opType, Op op, List<String> inputs, int[] shape, DataType type) {
      String out = nodeName + "/" + opType;
      int k = 1;
      while (env.containsKey(out)) {
        out = nodeName + "/" + opType + "_" + k++;
      }
      env.put(out, new Val(shape, type, null));
      nodes.add(new Node(out, opType, op, inputs, List.of(out)));
      computeInputs.addAll(inputs);
      reports.add(new ImportReport.NodeReport(out, opType, shape, true, null, op.toString(), false));
      return out;
    }

    String addConstant(String base, Tensor t) {
      String name = base;
      int k = 1;
      while (env.containsKey(name)) {
        name = base + "_" + k++;
      }
      env.put(name, new Val(t.shape(), t.dtype(), t));
      return name;
    }

    Graph graph() {
      List<TensorInfo> outs = new ArrayList<>();
      Map<String, TensorInfo> infos = new LinkedHashMap<>();
      Map<String, Tensor> inits = new LinkedHashMap<>();
      for (TensorInfo i : inputs) {
        infos.put(i.name(), i);
      }
      Set<String> read = new HashSet<>();
      for (Node n : nodes) {
        read.addAll(n.inputs());
      }
      for (ValueInfoProto o : g.getOutputList()) {
        read.add(o.getName());
      }
      // constants in a stable order: file initializers first, then importer-made and folded ones
      Map<String, Tensor> ordered = new LinkedHashMap<>(constants);
      for (Map.Entry<String, Val> e : env.entrySet()) {
        if (e.getValue().constant != null) {
          ordered.putIfAbsent(e.getKey(), e.getValue().constant);
        }
      }
      for (Map.Entry<String, Tensor> e : ordered.entrySet()) {
        if (read.contains(e.getKey()) && env.get(e.getKey()).constant != null) {
          inits.put(e.getKey(), e.getValue());
          infos.put(e.getKey(), new TensorInfo(e.getKey(), e.getValue().shape(), e.getValue().dtype()));
        }
      }
      for (Node n : nodes) {
        for (String o : n.outputs()) {
          Val v = env.get(o);
          infos.put(o, new TensorInfo(o, v.shape, v.dtype));
        }
      }
      for (ValueInfoProto o : g.getOutputList()) {
        Val v = env.get(o.getName());
        if (v == null || v.shape == null) {
          throw new IllegalStateException("graph output '" + o.getName() + "' is not computed by any node");
        }
        outs.add(new TensorInfo(o.getName(), v.shape, v.dtype));
      }
      return new Graph(g.getName(), opset, irVersion, inputs, outs, nodes, inits, infos);
    }

    ImportReport report() {
      List<ImportReport.ValueReport> outs = new ArrayList<>();
      for (ValueInfoProto o : g.getOutputList()) {
        Val v = env.get(o.getName());
        outs.add(new ImportReport.ValueReport(o.getName(), v == null ? null : v.shape));
      }
      // parameters: constants read by the computations that remain (or that are unsupported)
      long params = 0;
      for (String i : computeInputs) {
        Val v = env.get(i);
        if (v != null && v.constant != null && v.shape != null) {
          params += Shapes.sizeLong(v.shape);
        }
      }
      return new ImportReport(opset, irVersion, inputs, outs, reports, params, unsupported);
    }
  }

  // ------------------------------------------------------------------------------------------------

  /** Translation of one node: attributes with opset defaults, shape inference, Op construction. */
  private static final class NodeTranslator {
    final Translation tr;
    final NodeProto n;
    final String name;
    final Attributes a;
    final int opset;

    NodeTranslator(Translation tr, NodeProto n, String name) {
      this.tr = tr;
      this.n = n;
      this.name = name;
      this.a = new Attributes(n);
      this.opset = tr.opset;
    }

    /** Input k's name, or null when omitted. */
    String inName(int k) {
      return k < n.getInputCount() && !n.getInput(k).isEmpty() ? n.getInput(k) : null;
    }

    Val in(int k) throws Unsupported {
      String s = inName(k);
      if (s == null) {
        throw new Unsupported("required input " + k + " is missing");
      }
      return tr.env.get(s);
    }

    int[] shape(int k) throws Unsupported, UnknownInput {
      int[] s = in(k).shape;
      if (s == null) {
        throw new UnknownInput();
      }
      return s;
    }

    Tensor constant(int k, String what) throws Unsupported, UnknownInput {
      Val v = in(k);
      if (v.shape == null) {
        throw new UnknownInput();
      }
      if (v.constant == null) {
        throw new Unsupported(what + " (input '" + inName(k) + "') must be a constant");
      }
      return v.constant;
    }

    long[] constLongs(int k, String what) throws Unsupported, UnknownInput {
      return constant(k, what).toLongArray();
    }

    int outputs() {
      int c = 0;
      for (String o : n.getOutputList()) {
        if (!o.isEmpty()) {
          c++;
        }
      }
      return c;
    }

    DataType dtype0() throws Unsupported {
      return in(0).dtype;
    }

    Result single(Op op, int[] outShape, List<String> inputs) throws Unsupported {
      return new Result(op, inputs, List.of(outShape), List.of(dtype0()), null);
    }

    List<String> present(int... ks) {
      List<String> l = new ArrayList<>();
      for (int k : ks) {
        if (inName(k) != null) {
          l.add(inName(k));
        }
      }
      return l;
    }

    static int axis(long axis, int rank, String what) throws Unsupported {
      long x = axis < 0 ? axis + rank : axis;
      if (x < 0 || x >= rank) {
        throw new Unsupported(what + " " + axis + " is out of range for rank " + rank);
      }
      return (int) x;
    }

    static int[] toInts(long[] v) {
      int[] r = new int[v.length];
      for (int k = 0; k < v.length; k++) {
        r[k] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v[k]));
      }
      return r;
    }

    Result translate() throws Unsupported, UnknownInput {
      String op = n.getOpType();
      return switch (op) {
        case "Constant" -> constantNode();
        case "ConstantOfShape" -> constantOfShape();
        case "Shape" -> shapeNode();
        case "Size" -> Result.folded(Tensor.ofLongs(new int[0], new long[] {Shapes.sizeLong(shape(0))}));
        case "Cast" -> cast();
        case "Range" -> range();
        case "Add" -> elementwise(BinaryFunction.ADD, true);
        case "Sub" -> elementwise(BinaryFunction.SUB, true);
        case "Mul" -> elementwise(BinaryFunction.MUL, true);
        case "Div" -> elementwise(BinaryFunction.DIV, true);
        case "Sum" -> elementwise(BinaryFunction.ADD, false);
        case "Max" -> elementwise(BinaryFunction.MAX, false);
        case "Min" -> elementwise(BinaryFunction.MIN, false);
        case "PRelu" -> prelu();
        case "Relu" -> unary(UnaryFunction.of(UnaryFunction.Kind.RELU));
        case "LeakyRelu" -> unary(UnaryFunction.of(UnaryFunction.Kind.LEAKY_RELU, a.f("alpha", 0.01f)));
        case "Elu" -> unary(UnaryFunction.of(UnaryFunction.Kind.ELU, a.f("alpha", 1.0f)));
        case "Selu" -> unary(UnaryFunction.of(UnaryFunction.Kind.SELU,
            a.f("alpha", 1.67326319217681884765625f), a.f("gamma", 1.05070102214813232421875f)));
        case "Sigmoid" -> unary(UnaryFunction.of(UnaryFunction.Kind.SIGMOID));
        case "HardSigmoid" -> unary(UnaryFunction.of(UnaryFunction.Kind.HARD_SIGMOID,
            a.f("alpha", 0.2f), a.f("beta", 0.5f)));
        case "Tanh" -> unary(UnaryFunction.of(UnaryFunction.Kind.TANH));
        case "Softplus" -> unary(UnaryFunction.of(UnaryFunction.Kind.SOFTPLUS));
        case "Softsign" -> unary(UnaryFunction.of(UnaryFunction.Kind.SOFTSIGN));
        case "Gelu" -> gelu();
        case "Erf" -> unary(UnaryFunction.of(UnaryFunction.Kind.ERF));
        case "Exp" -> unary(UnaryFunction.of(UnaryFunction.Kind.EXP));
        case "Abs" -> unary(UnaryFunction.of(UnaryFunction.Kind.ABS));
        case "Neg" -> unary(UnaryFunction.of(UnaryFunction.Kind.NEG));
        case "Sqrt" -> unary(UnaryFunction.of(UnaryFunction.Kind.SQRT));
        case "Clip" -> clip();
        case "Gemm" -> gemm();
        case "MatMul" -> matmul();
        case "Conv" -> conv();
        case "ConvTranspose" -> convTranspose();
        case "MaxPool" -> pool(Op.PoolKind.MAX);
        case "AveragePool" -> pool(Op.PoolKind.AVERAGE);
        case "GlobalAveragePool" -> globalPool(Op.PoolKind.AVERAGE);
        case "GlobalMaxPool" -> globalPool(Op.PoolKind.MAX);
        case "BatchNormalization" -> batchNorm();
        case "ReduceMean" -> reduce(Op.ReduceKind.MEAN, 18);
        case "ReduceSum" -> reduce(Op.ReduceKind.SUM, 13);
        case "Softmax" -> softmax(false);
        case "LogSoftmax" -> softmax(true);
        case "Flatten" -> flatten();
        case "Reshape" -> reshape();
        case "Squeeze" -> squeeze();
        case "Unsqueeze" -> unsqueeze();
        case "Transpose" -> transpose();
        case "Concat" -> concat();
        case "Split" -> split();
        case "Slice" -> slice();
        case "Gather" -> gather();
        case "Pad" -> pad();
        case "Identity" -> identity();
        case "Dropout" -> dropout();
        default -> throw new Unsupported("operator " + op + " is not supported");
      };
    }

    // --- constants and shape computations ------------------------------------------------------

    Result constantNode() throws Unsupported {
      TensorProto t = a.t("value");
      if (t != null) {
        try {
          return Result.folded(TensorProtos.toTensor(t));
        } catch (IllegalArgumentException e) {
          throw new Unsupported(e.getMessage());
        }
      }
      if (a.has("value_float")) {
        return Result.folded(Tensor.ofFloats(new int[0], new float[] {(float) a.f("value_float", 0)}));
      }
      if (a.has("value_floats")) {
        float[] f = a.floats("value_floats");
        return Result.folded(Tensor.ofFloats(new int[] {f.length}, f));
      }
      if (a.has("value_int")) {
        return Result.folded(Tensor.ofLongs(new int[0], new long[] {a.i("value_int", 0)}));
      }
      if (a.has("value_ints")) {
        long[] v = a.ints("value_ints");
        return Result.folded(Tensor.ofLongs(new int[] {v.length}, v));
      }
      throw new Unsupported("Constant without a tensor, float or int value (sparse/string constants are not supported)");
    }

    Result constantOfShape() throws Unsupported, UnknownInput {
      int[] shape = toInts(constLongs(0, "shape"));
      for (int d : shape) {
        if (d < 0) {
          throw new Unsupported("negative dimension in ConstantOfShape");
        }
      }
      TensorProto t = a.t("value");
      double v = 0;
      DataType dt = DataType.FLOAT;
      if (t != null) {
        try {
          Tensor val = TensorProtos.toTensor(t);
          if (val.size() != 1) {
            throw new Unsupported("ConstantOfShape value must hold one element");
          }
          v = val.get(0);
          dt = val.dtype();
        } catch (IllegalArgumentException e) {
          throw new Unsupported(e.getMessage());
        }
      }
      return Result.folded(Tensor.filled(shape, dt, v));
    }

    Result shapeNode() throws Unsupported, UnknownInput {
      int[] s = shape(0);
      int r = s.length;
      long start = a.i("start", 0);
      long end = a.i("end", r);
      int st = (int) Math.max(0, Math.min(r, start < 0 ? start + r : start));
      int en = (int) Math.max(0, Math.min(r, end < 0 ? end + r : end));
      long[] v = new long[Math.max(0, en - st)];
      for (int k = 0; k < v.length; k++) {
        v[k] = s[st + k];
      }
      return Result.folded(Tensor.ofLongs(new int[] {v.length}, v));
    }

    Result cast() throws Unsupported, UnknownInput {
      DataType to = DataType.fromCode((int) a.i("to", 0));
      Val v = in(0);
      shape(0);
      if (v.constant != null) {
        Tensor c = v.constant;
        if (to == DataType.FLOAT || to == DataType.DOUBLE || to == DataType.FLOAT16) {
          return Result.folded(Tensor.lazy(c.shape(), DataType.FLOAT, c::toDoubleArray));
        }
        if (to.isInteger()) {
          boolean bool = to == DataType.BOOL;
          return Result.folded(Tensor.lazy(c.shape(), to, () -> {
            double[] d = c.toDoubleArray();
            for (int k = 0; k < d.length; k++) {
              d[k] = bool ? (d[k] != 0 ? 1 : 0) : (d[k] < 0 ? Math.ceil(d[k]) : Math.floor(d[k]));
            }
            return d;
          }));
        }
        throw new Unsupported("Cast to " + to + " is not supported");
      }
      if (!v.dtype.isInteger() && (to == DataType.FLOAT || to == DataType.DOUBLE || to == DataType.FLOAT16)) {
        return single(new Op.Identity(), v.shape, present(0));
      }
      throw new Unsupported("Cast of a run-time tensor from " + v.dtype + " to " + to + " is not supported");
    }

    Result range() throws Unsupported, UnknownInput {
      Tensor s = constant(0, "start");
      Tensor l = constant(1, "limit");
      Tensor d = constant(2, "delta");
      double start = s.get(0);
      double limit = l.get(0);
      double delta = d.get(0);
      if (delta == 0) {
        throw new Unsupported("Range with delta 0");
      }
      long count = Math.max(0, (long) Math.ceil((limit - start) / delta));
      if (count > 1 << 26) {
        throw new Unsupported("Range of " + count + " elements is too large");
      }
      double[] v = new double[(int) count];
      for (int k = 0; k < v.length; k++) {
        v[k] = start + k * delta;
      }
      return Result.folded(Tensor.ofDoubles(new int[] {v.length}, v, s.dtype()));
    }

    // --- elementwise -----------------------------------------------------------------------------

    Result elementwise(BinaryFunction fn, boolean binary) throws Unsupported, UnknownInput {
      List<String> ins = present(java.util.stream.IntStream.range(0, n.getInputCount()).toArray());
      if (ins.isEmpty() || (binary && ins.size() != 2)) {
        throw new Unsupported(n.getOpType() + " needs " + (binary ? "2 inputs" : "at least one input"));
      }
      List<int[]> shapes = new ArrayList<>();
      for (int k = 0; k < n.getInputCount(); k++) {
        if (inName(k) != null) {
          shapes.add(shape(k));
        }
      }
      if (binary && opset < 7) {
        // legacy broadcasting: B aligned with A at `axis` (default: trailing), only with broadcast=1
        int[] sa = shapes.get(0);
        int[] sb = shapes.get(1);
        if (a.i("broadcast", 0) == 0) {
          if (!java.util.Arrays.equals(sa, sb)) {
            throw new Unsupported("shapes " + Shapes.toString(sa) + " and " + Shapes.toString(sb)
                + " differ and broadcast=0");
          }
        } else if (a.has("axis")) {
          int ax = axis(a.i("axis", 0), sa.length, "axis");
          int trailing = sa.length - ax - sb.length;
          if (trailing < 0) {
            throw new Unsupported("legacy broadcast of " + Shapes.toString(sb) + " at axis " + ax + " does not fit");
          }
          if (trailing > 0) {
            int[] ns = java.util.Arrays.copyOf(sb, sb.length + trailing);
            java.util.Arrays.fill(ns, sb.length, ns.length, 1);
            Val vb = in(1);
            if (vb.constant == null) {
              throw new Unsupported("legacy broadcast with axis needs a constant second input");
            }
            String c = tr.addConstant(ins.get(1) + "/broadcast", vb.constant.reshape(ns));
            ins.set(1, c);
            shapes.set(1, ns);
          }
        }
      }
      int[] out = Shapes.broadcast(shapes.toArray(new int[0][]));
      if (out == null) {
        StringBuilder s = new StringBuilder("input shapes");
        for (int[] sh : shapes) {
          s.append(' ').append(Shapes.toString(sh));
        }
        throw new Unsupported(s + " do not broadcast");
      }
      if (ins.size() == 1) {
        return single(new Op.Identity(), out, ins);
      }
      return new Result(new Op.Elementwise(fn), ins, List.of(out), List.of(dtype0()), null);
    }

    Result prelu() throws Unsupported, UnknownInput {
      int[] sx = shape(0);
      int[] ss = shape(1);
      Val slope = in(1);
      if (slope.constant != null && slope.constant.size() == 1) {
        return unary(UnaryFunction.of(UnaryFunction.Kind.LEAKY_RELU, slope.constant.get(0)));
      }
      String s = inName(1);
      if (opset < 7 && ss.length == 1 && sx.length >= 2 && ss[0] == sx[1]) {
        // opset 6: a slope of shape [C] is per channel (axis 1)
        int[] ns = new int[sx.length - 1];
        java.util.Arrays.fill(ns, 1);
        ns[0] = ss[0];
        if (slope.constant == null) {
          throw new Unsupported("per-channel PRelu slope must be a constant");
        }
        s = tr.addConstant(s + "/per_channel", slope.constant.reshape(ns));
        ss = ns;
      }
      int[] out = Shapes.broadcast(sx, ss);
      if (out == null || !java.util.Arrays.equals(out, sx)) {
        throw new Unsupported("PRelu slope " + Shapes.toString(ss) + " does not broadcast to " + Shapes.toString(sx));
      }
      return single(new Op.Elementwise(BinaryFunction.PRELU), sx, List.of(inName(0), s));
    }

    Result unary(UnaryFunction f) throws Unsupported, UnknownInput {
      int[] s = shape(0);
      return single(new Op.Unary(f), s, present(0));
    }

    Result gelu() throws Unsupported, UnknownInput {
      String approx = a.s("approximate", "none");
      return switch (approx) {
        case "none" -> unary(UnaryFunction.of(UnaryFunction.Kind.GELU));
        case "tanh" -> unary(UnaryFunction.of(UnaryFunction.Kind.GELU_TANH));
        default -> throw new Unsupported("Gelu approximate='" + approx + "' is not supported");
      };
    }

    Result clip() throws Unsupported, UnknownInput {
      double lo = Double.NEGATIVE_INFINITY;
      double hi = Double.POSITIVE_INFINITY;
      if (opset < 11) {
        lo = a.f("min", Double.NEGATIVE_INFINITY);
        hi = a.f("max", Double.POSITIVE_INFINITY);
      } else {
        boolean runtimeBound = false;
        for (int k = 1; k <= 2; k++) {
          if (inName(k) != null) {
            Val v = in(k);
            if (v.shape == null) {
              throw new UnknownInput();
            }
            runtimeBound |= v.constant == null;
          }
        }
        if (runtimeBound) {
          return clipByInputs();
        }
        if (inName(1) != null) {
          lo = constant(1, "Clip min").get(0);
        }
        if (inName(2) != null) {
          hi = constant(2, "Clip max").get(0);
        }
      }
      return unary(UnaryFunction.of(UnaryFunction.Kind.CLIP, lo, hi));
    }

    /**
     * Clip with a bound computed at run time: min(max(x, lo), hi), which is ONNX's definition
     * (lo &gt; hi gives hi everywhere), lowered to an intermediate Max node and this node's Min.
     */
    Result clipByInputs() throws Unsupported, UnknownInput {
      int[] sx = shape(0);
      for (int k = 1; k <= 2; k++) {
        if (inName(k) != null && Shapes.size(shape(k)) != 1) {
          throw new Unsupported("Clip bound '" + inName(k) + "' must hold one value, has shape "
              + Shapes.toString(shape(k)));
        }
      }
      for (int k = 0; k <= 2; k++) {
        if (inName(k) != null && in(k).dtype.isInteger()) {
          throw new Unsupported("Clip on integer tensors is not supported");
        }
      }
      String x = inName(0);
      if (inName(1) != null) {
        x = tr.addIntermediate(name, "Max", new Op.Elementwise(BinaryFunction.MAX), List.of(x, inName(1)), sx, dtype0());
      }
      if (inName(2) == null) {
        return single(new Op.Identity(), sx, List.of(x));
      }
      return new Result(new Op.Elementwise(BinaryFunction.MIN), List.of(x, inName(2)), List.of(sx),
          List.of(dtype0()), null);
    }

    // --- linear ----------------------------------------------------------------------------------

    Result gemm() throws Unsupported, UnknownInput {
      int[] sa = shape(0);
      int[] sb = shape(1);
      if (sa.length != 2 || sb.length != 2) {
        throw new Unsupported("Gemm needs 2-D A and B, got " + Shapes.toString(sa) + " and " + Shapes.toString(sb));
      }
      boolean ta = a.i("transA", 0) != 0;
      boolean tb = a.i("transB", 0) != 0;
      int m = ta ? sa[1] : sa[0];
      int k = ta ? sa[0] : sa[1];
      int k2 = tb ? sb[1] : sb[0];
      int nn = tb ? sb[0] : sb[1];
      if (k != k2) {
        throw new Unsupported("Gemm inner dimensions differ: " + k + " vs " + k2);
      }
      int[] out = {m, nn};
      if (inName(2) != null) {
        int[] sc = shape(2);
        int[] bc = Shapes.broadcast(sc, out);
        if (bc == null || !java.util.Arrays.equals(bc, out)) {
          throw new Unsupported("Gemm C " + Shapes.toString(sc) + " does not broadcast to " + Shapes.toString(out));
        }
      }
      Op op = new Op.Gemm(a.f("alpha", 1.0f), a.f("beta", 1.0f), ta, tb);
      return single(op, out, present(0, 1, 2));
    }

    Result matmul() throws Unsupported, UnknownInput {
      int[] sa = shape(0);
      int[] sb = shape(1);
      if (sa.length == 0 || sb.length == 0) {
        throw new Unsupported("MatMul of a scalar");
      }
      int[] a2 = sa.length == 1 ? new int[] {1, sa[0]} : sa;
      int[] b2 = sb.length == 1 ? new int[] {sb[0], 1} : sb;
      if (a2[a2.length - 1] != b2[b2.length - 2]) {
        throw new Unsupported("MatMul inner dimensions differ: " + Shapes.toString(sa) + " x " + Shapes.toString(sb));
      }
      int[] batch = Shapes.broadcast(java.util.Arrays.copyOf(a2, a2.length - 2),
          java.util.Arrays.copyOf(b2, b2.length - 2));
      if (batch == null) {
        throw new Unsupported("MatMul batch dimensions do not broadcast");
      }
      List<Integer> out = new ArrayList<>();
      for (int d : batch) {
        out.add(d);
      }
      if (sa.length > 1) {
        out.add(a2[a2.length - 2]);
      }
      if (sb.length > 1) {
        out.add(b2[b2.length - 1]);
      }
      return single(new Op.MatMul(), out.stream().mapToInt(Integer::intValue).toArray(), present(0, 1));
    }

    // --- convolution and pooling -----------------------------------------------------------------

    int[] intsOr(String attr, int len, int def) throws Unsupported {
      long[] v = a.ints(attr);
      int[] r = new int[len];
      if (v == null) {
        java.util.Arrays.fill(r, def);
        return r;
      }
      if (v.length != len) {
        throw new Unsupported(attr + " has " + v.length + " values, expected " + len);
      }
      return toInts(v);
    }

    /** Explicit pads from pads/auto_pad for a forward window op; returns {begin, end}. */
    int[][] windowPads(int[] in, int[] k, int[] s, int[] d) throws Unsupported {
      int sp = in.length;
      String auto = a.s("auto_pad", "NOTSET");
      int[] pb = new int[sp];
      int[] pe = new int[sp];
      switch (auto) {
        case "NOTSET" -> {
          int[] p = intsOr("pads", 2 * sp, 0);
          for (int i = 0; i < sp; i++) {
            pb[i] = p[i];
            pe[i] = p[i + sp];
            if (pb[i] < 0 || pe[i] < 0) {
              throw new Unsupported("negative pads are not supported");
            }
          }
        }
        case "VALID" -> { }
        case "SAME_UPPER", "SAME_LOWER" -> {
          for (int i = 0; i < sp; i++) {
            int out = (in[i] + s[i] - 1) / s[i];
            int total = Math.max(0, (out - 1) * s[i] + (k[i] - 1) * d[i] + 1 - in[i]);
            int small = total / 2;
            pb[i] = auto.equals("SAME_UPPER") ? small : total - small;
            pe[i] = total - pb[i];
          }
        }
        default -> throw new Unsupported("auto_pad '" + auto + "' is not supported");
      }
      return new int[][] {pb, pe};
    }

    int[] spatial(int[] x, String what) throws Unsupported {
      if (x.length < 3 || x.length > 5) {
        throw new Unsupported(what + " input must be [N, C, d1..dk] with k = 1..3, got " + Shapes.toString(x));
      }
      return java.util.Arrays.copyOfRange(x, 2, x.length);
    }

    Result conv() throws Unsupported, UnknownInput {
      int[] x = shape(0);
      int[] w = shape(1);
      int[] in = spatial(x, "Conv");
      int sp = in.length;
      if (w.length != x.length) {
        throw new Unsupported("Conv weight rank " + w.length + " does not match input rank " + x.length);
      }
      int[] k = java.util.Arrays.copyOfRange(w, 2, w.length);
      long[] ks = a.ints("kernel_shape");
      if (ks != null && !java.util.Arrays.equals(toInts(ks), k)) {
        throw new Unsupported("kernel_shape " + java.util.Arrays.toString(ks) + " does not match the weight");
      }
      int group = (int) a.i("group", 1);
      if (group < 1 || x[1] != w[1] * group || w[0] % group != 0) {
        throw new Unsupported("Conv channels: input " + x[1] + ", weight " + Shapes.toString(w) + ", group " + group);
      }
      int[] s = intsOr("strides", sp, 1);
      int[] d = intsOr("dilations", sp, 1);
      int[][] p = windowPads(in, k, s, d);
      int[] out = new int[x.length];
      out[0] = x[0];
      out[1] = w[0];
      for (int i = 0; i < sp; i++) {
        int eff = (k[i] - 1) * d[i] + 1;
        int span = in[i] + p[0][i] + p[1][i] - eff;
        if (span < 0 || s[i] < 1) {
          throw new Unsupported("Conv kernel larger than the padded input along axis " + (i + 2));
        }
        out[i + 2] = span / s[i] + 1;
      }
      if (inName(2) != null) {
        int[] b = shape(2);
        if (b.length != 1 || b[0] != w[0]) {
          throw new Unsupported("Conv bias shape " + Shapes.toString(b) + ", expected [" + w[0] + "]");
        }
      }
      return single(new Op.Conv(k, s, p[0], p[1], d, group), out, present(0, 1, 2));
    }

    Result convTranspose() throws Unsupported, UnknownInput {
      int[] x = shape(0);
      int[] w = shape(1);
      int[] in = spatial(x, "ConvTranspose");
      int sp = in.length;
      if (w.length != x.length) {
        throw new Unsupported("ConvTranspose weight rank " + w.length + " does not match input rank " + x.length);
      }
      int group = (int) a.i("group", 1);
      if (group < 1 || w[0] != x[1] || x[1] % group != 0) {
        throw new Unsupported("ConvTranspose channels: input " + x[1] + ", weight " + Shapes.toString(w)
            + ", group " + group);
      }
      int[] k = java.util.Arrays.copyOfRange(w, 2, w.length);
      int[] s = intsOr("strides", sp, 1);
      int[] d = intsOr("dilations", sp, 1);
      int[] op = intsOr("output_padding", sp, 0);
      String auto = a.s("auto_pad", "NOTSET");
      int[] pb = new int[sp];
      int[] pe = new int[sp];
      int[] out = new int[x.length];
      out[0] = x[0];
      out[1] = w[1] * group;
      long[] os = a.ints("output_shape");
      if (os != null && os.length == sp + 2) {
        os = java.util.Arrays.copyOfRange(os, 2, os.length);
      }
      if (os != null && os.length != sp) {
        throw new Unsupported("output_shape has " + os.length + " values for " + sp + " spatial axes");
      }
      for (int i = 0; i < sp; i++) {
        int natural = s[i] * (in[i] - 1) + op[i] + (k[i] - 1) * d[i] + 1;
        if (os != null || auto.startsWith("SAME")) {
          int want = os != null ? (int) os[i] : in[i] * s[i];
          int total = natural - want;
          int half = Math.floorDiv(total, 2);
          if (auto.equals("SAME_UPPER")) {
            pb[i] = half;
            pe[i] = total - half;
          } else {
            pb[i] = total - half;
            pe[i] = half;
          }
        } else if (auto.equals("NOTSET")) {
          int[] p = intsOr("pads", 2 * sp, 0);
          pb[i] = p[i];
          pe[i] = p[i + sp];
        } else if (!auto.equals("VALID")) {
          throw new Unsupported("auto_pad '" + auto + "' is not supported");
        }
        out[i + 2] = natural - pb[i] - pe[i];
        if (out[i + 2] <= 0) {
          throw new Unsupported("ConvTranspose output size " + out[i + 2] + " along axis " + (i + 2));
        }
      }
      if (inName(2) != null) {
        int[] b = shape(2);
        if (b.length != 1 || b[0] != out[1]) {
          throw new Unsupported("ConvTranspose bias shape " + Shapes.toString(b) + ", expected [" + out[1] + "]");
        }
      }
      return single(new Op.ConvTranspose(k, s, pb, pe, d, op, group), out, present(0, 1, 2));
    }

    Result pool(Op.PoolKind kind) throws Unsupported, UnknownInput {
      if (outputs() > 1) {
        throw new Unsupported("MaxPool with an Indices output is not supported");
      }
      int[] x = shape(0);
      int[] in = spatial(x, n.getOpType());
      int sp = in.length;
      long[] ks = a.ints("kernel_shape");
      if (ks == null || ks.length != sp) {
        throw new Unsupported("kernel_shape missing or of the wrong length");
      }
      int[] k = toInts(ks);
      int[] s = intsOr("strides", sp, 1);
      int[] d = intsOr("dilations", sp, 1);
      boolean ceil = a.i("ceil_mode", 0) != 0;
      if (a.i("storage_order", 0) != 0) {
        throw new Unsupported("storage_order=1 is not supported");
      }
      int[][] p = windowPads(in, k, s, d);
      boolean same = a.s("auto_pad", "NOTSET").startsWith("SAME");
      int[] out = new int[x.length];
      out[0] = x[0];
      out[1] = x[1];
      for (int i = 0; i < sp; i++) {
        int eff = (k[i] - 1) * d[i] + 1;
        int span = in[i] + p[0][i] + p[1][i] - eff;
        if (span < 0) {
          throw new Unsupported("pooling window larger than the padded input along axis " + (i + 2));
        }
        int o;
        if (same) {
          o = (in[i] + s[i] - 1) / s[i];
        } else if (ceil) {
          o = (span + s[i] - 1) / s[i] + 1;
          if ((o - 1) * s[i] >= in[i] + p[0][i]) {
            o--; // the last window would start in the end padding: dropped
          }
        } else {
          o = span / s[i] + 1;
        }
        out[i + 2] = o;
      }
      boolean cip = kind == Op.PoolKind.AVERAGE && a.i("count_include_pad", 0) != 0;
      return single(new Op.Pool(kind, k, s, p[0], p[1], d, cip), out, present(0));
    }

    Result globalPool(Op.PoolKind kind) throws Unsupported, UnknownInput {
      int[] x = shape(0);
      if (x.length < 3) {
        throw new Unsupported(n.getOpType() + " needs a [N, C, ...] input, got " + Shapes.toString(x));
      }
      int[] out = x.clone();
      for (int i = 2; i < out.length; i++) {
        out[i] = 1;
      }
      return single(new Op.GlobalPool(kind), out, present(0));
    }

    Result batchNorm() throws Unsupported, UnknownInput {
      int[] x = shape(0);
      if (x.length < 2) {
        throw new Unsupported("BatchNormalization input must have rank >= 2");
      }
      if (a.i("training_mode", 0) != 0 || outputs() > 1) {
        throw new Unsupported("training-mode BatchNormalization (several outputs) is not supported");
      }
      if (opset < 7 && a.i("is_test", 0) == 0 && outputs() > 1) {
        throw new Unsupported("BatchNormalization is_test=0 is not supported");
      }
      if (opset < 9 && a.i("spatial", 1) == 0) {
        throw new Unsupported("BatchNormalization spatial=0 is not supported");
      }
      int c = x[1];
      double eps = a.f("epsilon", 1e-5f);
      Tensor[] p = new Tensor[4];
      String[] what = {"scale", "B", "mean", "var"};
      for (int k = 0; k < 4; k++) {
        p[k] = constant(k + 1, "BatchNormalization " + what[k]);
        if (p[k].size() != c) {
          throw new Unsupported("BatchNormalization " + what[k] + " has " + p[k].size() + " values for " + c
              + " channels");
        }
      }
      double[][] memo = new double[1][];
      java.util.function.Supplier<double[]> scale = () -> {
        synchronized (memo) {
          if (memo[0] == null) {
            double[] g = p[0].toDoubleArray();
            double[] v = p[3].toDoubleArray();
            double[] r = new double[c];
            for (int i = 0; i < c; i++) {
              r[i] = g[i] / Math.sqrt(v[i] + eps);
            }
            memo[0] = r;
          }
          return memo[0].clone();
        }
      };
      Tensor tScale = Tensor.lazy(new int[] {c}, DataType.FLOAT, scale);
      Tensor tShift = Tensor.lazy(new int[] {c}, DataType.FLOAT, () -> {
        double[] sc = scale.get();
        double[] b = p[1].toDoubleArray();
        double[] m = p[2].toDoubleArray();
        for (int i = 0; i < c; i++) {
          sc[i] = b[i] - m[i] * sc[i];
        }
        return sc;
      });
      String s1 = tr.addConstant(name + "/scale", tScale);
      String s2 = tr.addConstant(name + "/shift", tShift);
      return single(new Op.ChannelAffine(), x, List.of(inName(0), s1, s2));
    }

    // --- reductions and softmax ------------------------------------------------------------------

    Result reduce(Op.ReduceKind kind, int axesInputSince) throws Unsupported, UnknownInput {
      int[] x = shape(0);
      long[] axes;
      if (opset < axesInputSince) {
        axes = a.ints("axes");
      } else {
        axes = inName(1) == null ? null : constLongs(1, "axes");
      }
      boolean keep = a.i("keepdims", 1) != 0;
      if (axes == null || axes.length == 0) {
        if (opset >= axesInputSince && a.i("noop_with_empty_axes", 0) != 0) {
          return single(new Op.Identity(), x, present(0));
        }
        axes = new long[x.length];
        for (int k = 0; k < x.length; k++) {
          axes[k] = k;
        }
      }
      boolean[] red = new boolean[x.length];
      for (long ax : axes) {
        red[axis(ax, x.length, "axis")] = true;
      }
      List<Integer> ax = new ArrayList<>();
      List<Integer> out = new ArrayList<>();
      for (int k = 0; k < x.length; k++) {
        if (red[k]) {
          ax.add(k);
          if (keep) {
            out.add(1);
          }
        } else {
          out.add(x[k]);
        }
      }
      return single(new Op.Reduce(kind, ax.stream().mapToInt(Integer::intValue).toArray(), keep),
          out.stream().mapToInt(Integer::intValue).toArray(), present(0));
    }

    Result softmax(boolean log) throws Unsupported, UnknownInput {
      int[] x = shape(0);
      if (x.length == 0) {
        throw new Unsupported("Softmax of a scalar");
      }
      int ax = axis(a.i("axis", opset < 13 ? 1 : -1), x.length, "axis");
      int to = opset < 13 ? x.length : ax + 1;
      return single(new Op.Softmax(ax, to, log), x, present(0));
    }

    // --- shape manipulation ----------------------------------------------------------------------

    Result flatten() throws Unsupported, UnknownInput {
      int[] x = shape(0);
      long axv = a.i("axis", 1);
      int ax = (int) (axv < 0 ? axv + x.length : axv);
      if (ax < 0 || ax > x.length) {
        throw new Unsupported("Flatten axis " + axv + " out of range for rank " + x.length);
      }
      int[] out = {Shapes.product(x, 0, ax), Shapes.product(x, ax, x.length)};
      return single(new Op.Reshape(out), out, present(0));
    }

    Result reshape() throws Unsupported, UnknownInput {
      int[] x = shape(0);
      long[] target = constLongs(1, "Reshape shape");
      boolean allowZero = a.i("allowzero", 0) != 0;
      int[] out = new int[target.length];
      int infer = -1;
      long known = 1;
      for (int k = 0; k < target.length; k++) {
        long t = target[k];
        if (t == 0 && !allowZero) {
          if (k >= x.length) {
            throw new Unsupported("Reshape copies dimension " + k + " that the input does not have");
          }
          t = x[k];
        }
        if (t == -1) {
          if (infer >= 0) {
            throw new Unsupported("Reshape with two -1 dimensions");
          }
          infer = k;
          continue;
        }
        if (t < 0) {
          throw new Unsupported("Reshape dimension " + t);
        }
        out[k] = (int) t;
        known *= t;
      }
      long size = Shapes.sizeLong(x);
      if (infer >= 0) {
        if (known == 0 || size % known != 0) {
          throw new Unsupported("cannot reshape " + Shapes.toString(x) + " to " + java.util.Arrays.toString(target));
        }
        out[infer] = (int) (size / known);
      } else if (known != size) {
        throw new Unsupported("cannot reshape " + Shapes.toString(x) + " to " + java.util.Arrays.toString(target));
      }
      return single(new Op.Reshape(out), out, present(0));
    }

    Result squeeze() throws Unsupported, UnknownInput {
      int[] x = shape(0);
      long[] axes = opset < 13 ? a.ints("axes") : (inName(1) == null ? null : constLongs(1, "axes"));
      boolean[] drop = new boolean[x.length];
      if (axes == null) {
        for (int k = 0; k < x.length; k++) {
          drop[k] = x[k] == 1;
        }
      } else {
        for (long ax : axes) {
          int k = axis(ax, x.length, "axis");
          if (x[k] != 1) {
            throw new Unsupported("Squeeze of axis " + k + " of size " + x[k]);
          }
          drop[k] = true;
        }
      }
      List<Integer> out = new ArrayList<>();
      for (int k = 0; k < x.length; k++) {
        if (!drop[k]) {
          out.add(x[k]);
        }
      }
      int[] o = out.stream().mapToInt(Integer::intValue).toArray();
      return single(new Op.Reshape(o), o, present(0));
    }

    Result unsqueeze() throws Unsupported, UnknownInput {
      int[] x = shape(0);
      long[] axes = opset < 13 ? a.ints("axes") : constLongs(1, "axes");
      if (axes == null) {
        throw new Unsupported("Unsqueeze without axes");
      }
      int r = x.length + axes.length;
      boolean[] ins = new boolean[r];
      for (long ax : axes) {
        int k = axis(ax, r, "axis");
        if (ins[k]) {
          throw new Unsupported("Unsqueeze repeats axis " + k);
        }
        ins[k] = true;
      }
      int[] o = new int[r];
      int j = 0;
      for (int k = 0; k < r; k++) {
        o[k] = ins[k] ? 1 : x[j++];
      }
      return single(new Op.Reshape(o), o, present(0));
    }

    Result transpose() throws Unsupported, UnknownInput {
      int[] x = shape(0);
      long[] pv = a.ints("perm");
      int[] perm = new int[x.length];
      if (pv == null) {
        for (int k = 0; k < x.length; k++) {
          perm[k] = x.length - 1 - k;
        }
      } else {
        if (pv.length != x.length) {
          throw new Unsupported("perm " + java.util.Arrays.toString(pv) + " for rank " + x.length);
        }
        boolean[] seen = new boolean[x.length];
        for (int k = 0; k < x.length; k++) {
          perm[k] = axis(pv[k], x.length, "perm entry");
          if (seen[perm[k]]) {
            throw new Unsupported("perm " + java.util.Arrays.toString(pv) + " is not a permutation");
          }
          seen[perm[k]] = true;
        }
      }
      int[] out = new int[x.length];
      for (int k = 0; k < x.length; k++) {
        out[k] = x[perm[k]];
      }
      return single(new Op.Transpose(perm), out, present(0));
    }

    Result concat() throws Unsupported, UnknownInput {
      List<String> ins = new ArrayList<>();
      List<int[]> shapes = new ArrayList<>();
      for (int k = 0; k < n.getInputCount(); k++) {
        if (inName(k) != null) {
          ins.add(inName(k));
          shapes.add(shape(k));
        }
      }
      if (ins.isEmpty()) {
        throw new Unsupported("Concat without inputs");
      }
      int[] first = shapes.get(0);
      int ax = axis(a.i("axis", opset < 4 ? 1 : 0), first.length, "axis");
      int[] out = first.clone();
      out[ax] = 0;
      for (int[] s : shapes) {
        if (s.length != first.length) {
          throw new Unsupported("Concat of ranks " + first.length + " and " + s.length);
        }
        for (int k = 0; k < s.length; k++) {
          if (k != ax && s[k] != first[k]) {
            throw new Unsupported("Concat shapes " + Shapes.toString(first) + " and " + Shapes.toString(s) + " differ");
          }
        }
        out[ax] += s[ax];
      }
      DataType dt = tr.env.get(ins.get(0)).dtype;
      return new Result(new Op.Concat(ax), ins, List.of(out), List.of(dt), null);
    }

    Result split() throws Unsupported, UnknownInput {
      int[] x = shape(0);
      int ax = axis(a.i("axis", 0), x.length, "axis");
      int nOut = n.getOutputCount();
      long[] sizes = opset < 13 ? a.ints("split") : (inName(1) == null ? null : constLongs(1, "split"));
      int[] sz = new int[nOut];
      if (sizes != null) {
        if (sizes.length != nOut) {
          throw new Unsupported("split has " + sizes.length + " sizes for " + nOut + " outputs");
        }
        sz = toInts(sizes);
      } else if (opset >= 18 && a.has("num_outputs")) {
        int num = (int) a.i("num_outputs", nOut);
        if (num != nOut) {
          throw new Unsupported("num_outputs " + num + " but " + nOut + " outputs");
        }
        int chunk = (x[ax] + num - 1) / num;
        int left = x[ax];
        for (int k = 0; k < num; k++) {
          sz[k] = Math.min(chunk, left);
          left -= sz[k];
        }
      } else {
        if (x[ax] % nOut != 0) {
          throw new Unsupported("cannot split " + x[ax] + " into " + nOut + " equal parts");
        }
        java.util.Arrays.fill(sz, x[ax] / nOut);
      }
      int total = 0;
      List<int[]> outs = new ArrayList<>();
      List<DataType> types = new ArrayList<>();
      for (int s : sz) {
        if (s < 0) {
          throw new Unsupported("negative split size");
        }
        total += s;
        int[] o = x.clone();
        o[ax] = s;
        outs.add(o);
        types.add(dtype0());
      }
      if (total != x[ax]) {
        throw new Unsupported("split sizes sum to " + total + ", axis has " + x[ax]);
      }
      return new Result(new Op.Split(ax, sz), present(0), outs, types, null);
    }

    Result slice() throws Unsupported, UnknownInput {
      int[] x = shape(0);
      long[] starts;
      long[] ends;
      long[] axes;
      long[] steps = null;
      if (opset < 10) {
        starts = a.ints("starts");
        ends = a.ints("ends");
        axes = a.ints("axes");
        if (starts == null || ends == null) {
          throw new Unsupported("Slice without starts/ends");
        }
      } else {
        starts = constLongs(1, "Slice starts");
        ends = constLongs(2, "Slice ends");
        axes = inName(3) == null ? null : constLongs(3, "Slice axes");
        steps = inName(4) == null ? null : constLongs(4, "Slice steps");
      }
      if (ends.length != starts.length || (axes != null && axes.length != starts.length)
          || (steps != null && steps.length != starts.length)) {
        throw new Unsupported("Slice starts/ends/axes/steps lengths differ");
      }
      int r = x.length;
      int[] st = new int[r];
      int[] sp = new int[r];
      int[] out = x.clone();
      java.util.Arrays.fill(sp, 1);
      for (int k = 0; k < starts.length; k++) {
        int ax = axis(axes == null ? k : axes[k], r, "axis");
        long step = steps == null ? 1 : steps[k];
        if (step == 0) {
          throw new Unsupported("Slice step 0");
        }
        long dim = x[ax];
        long s = starts[k] < 0 ? starts[k] + dim : starts[k];
        long e = ends[k] < 0 ? ends[k] + dim : ends[k];
        if (step > 0) {
          s = Math.max(0, Math.min(dim, s));
          e = Math.max(0, Math.min(dim, e));
        } else {
          s = Math.max(-1, Math.min(dim - 1, s));
          e = Math.max(-1, Math.min(dim - 1, e));
        }
        long count = step > 0 ? Math.max(0, (e - s + step - 1) / step) : Math.max(0, (s - e + (-step) - 1) / (-step));
        st[ax] = (int) s;
        sp[ax] = (int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE, step));
        out[ax] = (int) count;
      }
      return single(new Op.Slice(st, sp), out, present(0));
    }

    Result gather() throws Unsupported, UnknownInput {
      int[] x = shape(0);
      Tensor idx = constant(1, "Gather indices");
      int ax = axis(a.i("axis", 0), x.length, "axis");
      long[] iv = idx.toLongArray();
      int[] ii = new int[iv.length];
      for (int k = 0; k < iv.length; k++) {
        long v = iv[k] < 0 ? iv[k] + x[ax] : iv[k];
        if (v < 0 || v >= x[ax]) {
          throw new Unsupported("Gather index " + iv[k] + " out of range for dimension " + x[ax]);
        }
        ii[k] = (int) v;
      }
      int[] is = idx.shape();
      int[] out = new int[x.length - 1 + is.length];
      int j = 0;
      for (int k = 0; k < ax; k++) {
        out[j++] = x[k];
      }
      for (int d : is) {
        out[j++] = d;
      }
      for (int k = ax + 1; k < x.length; k++) {
        out[j++] = x[k];
      }
      return single(new Op.Gather(ax, ii, is), out, present(0));
    }

    Result pad() throws Unsupported, UnknownInput {
      int[] x = shape(0);
      int r = x.length;
      String mode = a.s("mode", "constant");
      long[] pads;
      double value = 0;
      long[] axes = null;
      if (opset < 11) {
        pads = a.has("pads") ? a.ints("pads") : a.ints("paddings");
        value = a.f("value", 0);
      } else {
        pads = constLongs(1, "Pad pads");
        if (inName(2) != null) {
          Tensor v = constant(2, "Pad constant_value");
          value = v.size() == 0 ? 0 : v.get(0);
        }
        if (inName(3) != null) {
          axes = constLongs(3, "Pad axes");
        }
      }
      if (pads == null) {
        throw new Unsupported("Pad without pads");
      }
      int na = axes == null ? r : axes.length;
      if (pads.length != 2 * na) {
        throw new Unsupported("Pad has " + pads.length + " pads for " + na + " axes");
      }
      int[] pb = new int[r];
      int[] pe = new int[r];
      for (int k = 0; k < na; k++) {
        int ax = axes == null ? k : axis(axes[k], r, "axis");
        pb[ax] = (int) pads[k];
        pe[ax] = (int) pads[k + na];
      }
      Op.PadMode m = switch (mode) {
        case "constant" -> Op.PadMode.CONSTANT;
        case "reflect" -> Op.PadMode.REFLECT;
        case "edge" -> Op.PadMode.EDGE;
        default -> throw new Unsupported("Pad mode '" + mode + "' is not supported");
      };
      int[] out = new int[r];
      for (int k = 0; k < r; k++) {
        out[k] = x[k] + pb[k] + pe[k];
        if (out[k] < 0) {
          throw new Unsupported("Pad crops axis " + k + " below zero");
        }
        if (m == Op.PadMode.REFLECT && (pb[k] >= x[k] || pe[k] >= x[k]) && (pb[k] > 0 || pe[k] > 0)) {
          throw new Unsupported("reflect pad " + Math.max(pb[k], pe[k]) + " not smaller than dimension " + x[k]);
        }
        if (m != Op.PadMode.CONSTANT && x[k] == 0 && out[k] > 0) {
          throw new Unsupported("cannot " + mode + "-pad an empty axis");
        }
      }
      return single(new Op.Pad(m, pb, pe, value), out, present(0));
    }

    Result identity() throws Unsupported, UnknownInput {
      return single(new Op.Identity(), shape(0), present(0));
    }

    Result dropout() throws Unsupported, UnknownInput {
      if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty() && tr.used.contains(n.getOutput(1))) {
        throw new Unsupported("Dropout mask output is used; only inference Dropout is supported");
      }
      if (opset >= 12 && inName(2) != null) {
        Val t = in(2);
        if (t.constant == null || t.constant.get(0) != 0) {
          throw new Unsupported("Dropout training_mode must be a constant false");
        }
      }
      int[] x = shape(0);
      return new Result(new Op.Identity(), present(0), List.of(x), List.of(dtype0()), null);
    }
  }
}
