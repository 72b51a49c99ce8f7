package io.deepprove.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepprove.onnx.FloatInterpreter;
import io.deepprove.onnx.Graph;
import io.deepprove.onnx.ImportOptions;
import io.deepprove.onnx.ModelImportException;
import io.deepprove.onnx.OnnxImporter;
import io.deepprove.onnx.OnnxRuntimeReference;
import io.deepprove.onnx.TensorInfo;
import io.deepprove.quantizer.Accuracy;
import io.deepprove.quantizer.IntegerEngine;
import io.deepprove.quantizer.QuantizationException;
import io.deepprove.quantizer.QuantizedGraph;
import io.deepprove.quantizer.Quantizer;
import io.deepprove.quantizer.Trace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deepprove run MODEL.onnx --input X.json [--calibration CAL.json] [--json]}: quantize,
 * run the integer engine and onnxruntime, and report the accuracy of the first graph output.
 */
@Command(
    name = "run",
    header = "Run the quantized model and report its accuracy against onnxruntime.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Quantize a model to int8 (calibrating on CAL.json, or on X.json when none is given), run the",
      "integer engine and onnxruntime on X.json, and print the dequantized output with the accuracy",
      "report: max absolute error, relative L2 error and argmax agreement (of the first graph output).",
      "Input files follow EZKL: {\"input_data\": [[flattened values], ...]}, one list per graph input;",
      "a calibration file may hold several samples (a list of such objects, or k lists per input)."
    })
final class RunCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "the ONNX model file")
  Path model;

  @Option(names = "--input", paramLabel = "X.json", required = true, description = "the input to run")
  Path input;

  @Option(names = "--calibration", paramLabel = "CAL.json", description = "calibration samples (default: the input)")
  Path calibration;

  @Option(names = "--json", description = "machine-readable output (one JSON object)")
  boolean json;

  @Option(names = "--per-tensor-weights", description = "one weight scale per tensor instead of per output channel")
  boolean perTensor;

  @Option(names = "--verbose", description = "stack traces on errors")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return execute(out);
    } catch (ModelImportException | InputJson.InputException e) {
      return fail(err, e.getMessage(), e);
    } catch (QuantizationException e) {
      return fail(err, model + ": " + e.getMessage(), e);
    }
  }

  private int fail(PrintWriter err, String message, Exception e) {
    err.println(message);
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return Main.EXIT_USAGE;
  }

  private int execute(PrintWriter out) throws ModelImportException, InputJson.InputException, QuantizationException {
    Graph graph = OnnxImporter.importModel(model, ImportOptions.defaults());
    List<float[]> x = InputJson.readOne(input, graph.inputs());
    List<List<float[]>> samples = calibration == null ? List.of(x) : InputJson.read(calibration, graph.inputs());
    QuantizedGraph q = Quantizer.quantize(graph, samples, new Quantizer.Options(!perTensor));
    Trace trace = new IntegerEngine(q).runFloat(x);
    float[] got = trace.dequantizedOutputs().get(0);

    String reference = "onnxruntime";
    List<float[]> ref;
    try {
      List<OnnxRuntimeReference.Input> feed = new ArrayList<>();
      for (int k = 0; k < x.size(); k++) {
        TensorInfo info = graph.inputs().get(k);
        long[] shape = new long[info.rank()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = info.dim(i);
        }
        feed.add(new OnnxRuntimeReference.Input(info.name(), shape, x.get(k)));
      }
      ref = OnnxRuntimeReference.run(model, feed);
    } catch (ModelImportException e) {
      // onnxruntime refuses some files our importer reads; the pure-Java float reference stands in.
      reference = "deepprove float interpreter (onnxruntime failed: " + e.getMessage() + ")";
      ref = new FloatInterpreter(graph).run(x);
    }
    float[] want = ref.get(0);
    Accuracy acc = Accuracy.of(got, want);
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode root = mapper.createObjectNode();
      floats(root.putArray("output"), got);
      floats(root.putArray("float_output"), want);
      root.put("max_abs_error", acc.maxAbsError());
      root.put("rel_l2_error", acc.relL2Error());
      root.put("argmax_match", acc.argmaxMatch());
      root.put("reference", reference);
      ArrayNode all = root.putArray("outputs");
      for (float[] o : trace.dequantizedOutputs()) {
        floats(all.addArray(), o);
      }
      out.println(root.toString());
    } else {
      out.printf(Locale.ROOT, "model %s: %d quantized nodes, calibrated on %d sample%s%n", model,
          q.nodes().size(), samples.size(), samples.size() == 1 ? "" : "s");
      out.println("output (dequantized int8): " + preview(got));
      out.println("float output (" + reference + "): " + preview(want));
      out.printf(Locale.ROOT, "max abs error  %.6g%n", acc.maxAbsError());
      out.printf(Locale.ROOT, "rel L2 error   %.4f%%%n", 100 * acc.relL2Error());
      out.printf(Locale.ROOT, "argmax         %d vs %d (%s)%n", acc.argmax(), acc.referenceArgmax(),
          acc.argmaxMatch() ? "match" : "MISMATCH");
    }
    out.flush();
    return 0;
  }

  private static void floats(ArrayNode a, float[] v) {
    for (float f : v) {
      a.add(f);
    }
  }

  private static String preview(float[] v) {
    StringBuilder s = new StringBuilder("[");
    int n = Math.min(v.length, 16);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        s.append(", ");
      }
      s.append(String.format(Locale.ROOT, "%.5g", v[i]));
    }
    if (v.length > n) {
      s.append(", ... (").append(v.length).append(" values)");
    }
    return s.append(']').toString();
  }
}
