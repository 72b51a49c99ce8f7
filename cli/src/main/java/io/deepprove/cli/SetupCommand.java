package io.deepprove.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepprove.aggregate.Circuit;
import io.deepprove.aggregate.CircuitException;
import io.deepprove.aggregate.ProvingKey;
import io.deepprove.aggregate.Setup;
import io.deepprove.aggregate.VerifyingKey;
import io.deepprove.commit.PcsParams;
import io.deepprove.onnx.Graph;
import io.deepprove.onnx.ImportOptions;
import io.deepprove.onnx.ModelImportException;
import io.deepprove.onnx.OnnxImporter;
import io.deepprove.onnx.TensorInfo;
import io.deepprove.quantizer.QuantizationException;
import io.deepprove.quantizer.QuantizedGraph;
import io.deepprove.quantizer.Quantizer;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deepprove setup}: quantize, compile, commit to the weights, write the keys. */
@Command(
    name = "setup",
    header = "Quantize a model, commit to its weights, write the proving and verifying keys.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Quantize a model (calibrated on sample inputs), commit to its weights and write the proving key",
      "model.pk, the verifying key model.vk and settings.json."
    })
final class SetupCommand implements Callable<Integer> {

  /** Samples drawn when no calibration file is given. */
  static final int DEFAULT_SAMPLES = 8;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "the ONNX model")
  Path model;

  @Option(names = "--calibration", paramLabel = "CAL.json",
      description = "calibration inputs (EZKL JSON, one or more samples); default: "
          + DEFAULT_SAMPLES + " inputs drawn uniformly from [0, 1)")
  Path calibration;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = ".", description = "where to write the keys (default: .)")
  Path out;

  @Option(names = "--preset", paramLabel = "NAME", defaultValue = "conjectured-100",
      description = "commitment parameters: conjectured-100 (default), compact-100 (smaller proofs), conjectured-128, proven-100")
  String preset;

  @Option(names = "--json", description = "machine-readable output (one JSON object)")
  boolean json;

  @Option(names = "--verbose", description = "stack traces on errors")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return execute(spec.commandLine().getOut());
    } catch (ModelImportException | InputJson.InputException | CliFiles.FileException e) {
      return Main.fail(err, e.getMessage(), e, verbose);
    } catch (QuantizationException | CircuitException e) {
      return Main.fail(err, model + ": " + e.getMessage(), e, verbose);    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private int execute(PrintWriter o) throws ModelImportException, InputJson.InputException, CliFiles.FileException,
      QuantizationException, CircuitException, com.fasterxml.jackson.core.JsonProcessingException {
    PcsParams params = PcsParams.presets().stream().filter(p -> p.name().equals(preset)).findFirst()
        .orElseThrow(() -> new CliFiles.FileException(Path.of("--preset"), "unknown preset '" + preset + "' ("
            + String.join(", ", PcsParams.presets().stream().map(PcsParams::name).toList()) + ")"));
    long t0 = System.nanoTime();
    Progress progress = Progress.start(spec, json, "setup", 4);
    Graph graph = OnnxImporter.importModel(model, ImportOptions.defaults());
    progress.step("imported");
    List<List<float[]>> samples;
    String calibratedOn;
    if (calibration != null) {
      samples = InputJson.read(calibration, graph.inputs());
      calibratedOn = calibration + " (" + samples.size() + " sample" + (samples.size() == 1 ? "" : "s") + ")";
    } else {
      samples = defaultSamples(graph.inputs());
      calibratedOn = DEFAULT_SAMPLES + " inputs drawn uniformly from [0, 1) (no --calibration given)";
    }
    QuantizedGraph q = Quantizer.quantize(graph, samples);
    progress.step("quantized");
    ProvingKey pk = Setup.run(q, params);
    VerifyingKey vk = pk.verifyingKey();
    progress.step("committed");
    byte[] pkBytes = pk.toBytes();
    byte[] vkBytes = vk.toBytes();
    Path pkPath = out.resolve("model.pk");
    Path vkPath = out.resolve("model.vk");
    Path settingsPath = out.resolve("settings.json");
    ObjectNode settings = settings(vk, q, calibratedOn, params);
    CliFiles.write(pkPath, pkBytes);
    CliFiles.write(vkPath, vkBytes);
    CliFiles.write(settingsPath,
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(settings).getBytes(StandardCharsets.UTF_8));
    progress.done();
    double ms = (System.nanoTime() - t0) / 1e6;
    if (json) {
      settings.put("setup_ms", ms);
      settings.put("pk", pkPath.toString());
      settings.put("vk", vkPath.toString());
      settings.put("pk_bytes", pkBytes.length);
      settings.put("vk_bytes", vkBytes.length);
      o.println(settings.toString());
    } else {
      o.printf(Locale.ROOT, "model %s: %d proof steps, %d weights committed%n", model, vk.circuit().steps().size(),
          weightCount(vk.circuit()));
      o.println("calibrated on " + calibratedOn);
      o.println("model commitment " + vk.commitmentHex());
      o.printf(Locale.ROOT, "wrote %s (%d bytes), %s (%d bytes), %s in %.0f ms%n", pkPath, pkBytes.length, vkPath,
          vkBytes.length, settingsPath, ms);
    }
    return 0;
  }

  static long weightCount(Circuit c) {
    long n = 0;
    for (Circuit.Tensor t : c.tensors(Circuit.Kind.WEIGHT)) {
      n += t.padded().realSize();
    }
    return n;
  }

  private static List<List<float[]>> defaultSamples(List<TensorInfo> inputs) {
    SplittableRandom rng = new SplittableRandom(2026);
    List<List<float[]>> s = new ArrayList<>();
    for (int k = 0; k < DEFAULT_SAMPLES; k++) {
      List<float[]> sample = new ArrayList<>();
      for (TensorInfo t : inputs) {
        int n = 1;
        for (int d : t.shape()) {
          n *= d;
        }
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
          x[i] = (float) rng.nextDouble();
        }
        sample.add(x);
      }
      s.add(sample);
    }
    return s;
  }

  private ObjectNode settings(VerifyingKey vk, QuantizedGraph q, String calibratedOn, PcsParams params) {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("model", model.toString());
    root.put("model_commitment", vk.commitmentHex());
    root.put("vk_digest", java.util.HexFormat.of().formatHex(vk.digest()));
    root.put("commitment_preset", params.name());
    root.put("security_bits", params.securityBits());
    root.put("calibration", calibratedOn);
    ArrayNode ins = root.putArray("inputs");
    for (int i = 0; i < vk.circuit().inputs().size(); i++) {
      Circuit.Tensor t = vk.circuit().tensor(vk.circuit().inputs().get(i));
      ObjectNode n = ins.addObject();
      n.put("name", t.name());
      ArrayNode shape = n.putArray("shape");
      for (int d : t.shape()) {
        shape.add(d);
      }
      n.put("scale", vk.inputScales()[i]);
      n.put("bits", t.kind().inputBits());
    }
    ArrayNode outs = root.putArray("outputs");
    for (int i = 0; i < vk.circuit().outputs().size(); i++) {
      Circuit.Tensor t = vk.circuit().tensor(vk.circuit().outputs().get(i));
      ObjectNode n = outs.addObject();
      n.put("name", t.name());
      ArrayNode shape = n.putArray("shape");
      for (int d : t.shape()) {
        shape.add(d);
      }
      n.put("scale", vk.outputScales()[i]);
    }
    root.put("weights", weightCount(vk.circuit()));
    ArrayNode steps = root.putArray("steps");
    for (Circuit.Step s : vk.circuit().steps()) {
      ObjectNode n = steps.addObject();
      n.put("name", s.name());
      n.put("kind", s.getClass().getSimpleName().toLowerCase(Locale.ROOT));
      if (s instanceof Circuit.Linear l) {
        n.put("shift", l.requant().shift());
        ArrayNode ms = n.putArray("multipliers");
        for (long v : l.requant().multipliers()) {
          ms.add(v);
        }
        n.put("clamp_lo", l.requant().lo());
        n.put("clamp_hi", l.requant().hi());
      }
    }
    root.put("quantized_nodes", q.nodes().size());
    root.put("supported", true);
    root.putArray("unsupported");
    return root;
  }
}
