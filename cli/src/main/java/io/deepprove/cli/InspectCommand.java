package io.deepprove.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepprove.onnx.ImportOptions;
import io.deepprove.onnx.ImportReport;
import io.deepprove.onnx.ModelImportException;
import io.deepprove.onnx.OnnxImporter;
import io.deepprove.onnx.TensorInfo;
import io.deepprove.onnx.UnsupportedNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deepprove inspect MODEL.onnx [--json]}: what the importer sees, without running the model. */
@Command(
    name = "inspect",
    header = "Show a model's inputs, outputs and nodes, and what deepprove supports.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Show a model's opset, inputs and outputs with shapes, its nodes (op, output shape, attributes),",
      "parameter count, and which nodes are supported. Exits 0 even when some nodes are unsupported."
    })
final class InspectCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "the ONNX model file")
  Path model;

  @Option(names = "--json", description = "machine-readable output (one JSON object)")
  boolean json;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1",
      description = "size given to a dynamic batch dimension (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--verbose", description = "stack traces on errors")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (batchSize < 1) {
      err.println("--batch-size: must be positive, got " + batchSize);
      return Main.EXIT_USAGE;
    }
    ImportReport r;
    try {
      r = OnnxImporter.inspect(model, ImportOptions.defaults().withBatchSize(batchSize));
    } catch (ModelImportException e) {
      err.println(e.getMessage());
      if (verbose) {
        e.printStackTrace(err);
      }
      err.flush();
      return Main.EXIT_USAGE;
    }
    if (json) {
      out.println(toJson(r));
    } else {
      printText(r, out);
    }
    out.flush();
    return 0;
  }

  static String toJson(ImportReport r) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("opset", r.opset());
    ArrayNode inputs = root.putArray("inputs");
    for (TensorInfo i : r.inputs()) {
      ObjectNode o = inputs.addObject().put("name", i.name());
      shape(o.putArray("shape"), i.shape());
    }
    ArrayNode outputs = root.putArray("outputs");
    for (ImportReport.ValueReport v : r.outputs()) {
      ObjectNode o = outputs.addObject().put("name", v.name());
      if (v.shape() == null) {
        o.putNull("shape");
      } else {
        shape(o.putArray("shape"), v.shape());
      }
    }
    root.put("parameters", r.parameterCount());
    ArrayNode nodes = root.putArray("nodes");
    for (ImportReport.NodeReport n : r.nodes()) {
      ObjectNode o = nodes.addObject().put("name", n.name()).put("op", n.opType());
      if (n.outputShape() == null) {
        o.putNull("output_shape");
      } else {
        shape(o.putArray("output_shape"), n.outputShape());
      }
      o.put("supported", n.supported());
    }
    ArrayNode unsupported = root.putArray("unsupported");
    for (UnsupportedNode u : r.unsupported()) {
      unsupported.addObject().put("name", u.name()).put("op", u.opType()).put("reason", u.reason());
    }
    try {
      return mapper.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("JSON tree could not be written", e);
    }
  }

  private static void shape(ArrayNode a, int[] shape) {
    for (int d : shape) {
      a.add(d);
    }
  }

  private static String shapeText(int[] s) {
    return s == null ? "?" : Arrays.toString(s);
  }

  static void printText(ImportReport r, PrintWriter out) {
    out.printf("opset %d, IR version %d%n", r.opset(), r.irVersion());
    out.println("inputs:");
    for (TensorInfo i : r.inputs()) {
      out.printf("  %s %s%n", i.name(), shapeText(i.shape()));
    }
    out.println("outputs:");
    for (ImportReport.ValueReport v : r.outputs()) {
      out.printf("  %s %s%n", v.name(), shapeText(v.shape()));
    }
    out.printf("parameters: %,d%n", r.parameterCount());
    long folded = r.nodes().stream().filter(ImportReport.NodeReport::folded).count();
    out.printf("nodes: %d (%d folded into constants, %d unsupported)%n", r.nodes().size(), folded,
        r.unsupported().size());
    int wName = 4;
    int wOp = 2;
    int wShape = 12;
    for (ImportReport.NodeReport n : r.nodes()) {
      wName = Math.max(wName, Math.min(40, n.name().length()));
      wOp = Math.max(wOp, n.opType().length());
      wShape = Math.max(wShape, shapeText(n.outputShape()).length());
    }
    String fmt = "  %-" + wName + "s  %-" + wOp + "s  %-" + wShape + "s  %-9s  %s%n";
    out.printf(fmt, "name", "op", "output shape", "supported", "params");
    for (ImportReport.NodeReport n : r.nodes()) {
      out.printf(fmt, n.name(), n.opType(), shapeText(n.outputShape()), n.supported() ? "yes" : "NO",
          n.supported() ? n.params() : n.reason());
    }
    if (!r.unsupported().isEmpty()) {
      out.printf("%d unsupported:%n", r.unsupported().size());
      for (UnsupportedNode u : r.unsupported()) {
        out.printf("  %s: %s%n", u, u.reason());
      }
    }
  }
}
