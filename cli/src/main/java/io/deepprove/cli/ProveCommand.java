package io.deepprove.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepprove.aggregate.AggregateProver;
import io.deepprove.aggregate.Batching;
import io.deepprove.aggregate.Circuit;
import io.deepprove.aggregate.Proof;
import io.deepprove.aggregate.ProvingException;
import io.deepprove.aggregate.ProvingKey;
import io.deepprove.aggregate.VerifyingKey;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.onnx.DataType;
import io.deepprove.onnx.TensorInfo;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deepprove prove}: run the quantized model on one input, or on a batch of inputs, and prove
 * all of it in one proof.
 */
@Command(
    name = "prove",
    header = "Prove an inference (or a batch of them) with the committed model.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {"Run the committed model on an input (or a batch of inputs) and write one succinct proof.",
        "Each input file holds one sample {\"input_data\": [[...]]} (one list per model input) or several "
            + "(a JSON list of such objects); --input may be repeated, and --batch DIR takes every *.json in DIR "
            + "in name order. All samples go into ONE proof: the weights are opened once for the whole batch."})
final class ProveCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--input", paramLabel = "X.json", description = "an input (EZKL JSON); may be repeated")
  List<Path> inputs = new ArrayList<>();

  @Option(names = "--batch", paramLabel = "DIR", description = "prove every *.json in DIR (sorted by name) in one proof")
  Path batchDir;

  @Option(names = "--pk", paramLabel = "model.pk", defaultValue = "model.pk", description = "proving key (default: model.pk)")
  Path pk;

  @Option(names = "--proof", paramLabel = "proof.bin", defaultValue = "proof.bin", description = "where to write the proof (default: proof.bin)")
  Path proofPath;

  @Option(names = "--output", paramLabel = "out.json",
      description = "write the outputs as {\"output_data\": [[...]]}: one list per model output, sample after sample")
  Path output;

  @Option(names = "--json", description = "machine-readable output (one JSON object)")
  boolean json;

  @Option(names = "--verbose", description = "stack traces on errors")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (inputs.isEmpty() == (batchDir == null)) {
      return Main.fail(err, "prove: give the inputs with --input X.json (repeatable) or --batch DIR, not both", null,
          false);
    }
    try {
      return execute(spec.commandLine().getOut());
    } catch (InputJson.InputException | CliFiles.FileException e) {
      return Main.fail(err, e.getMessage(), e, verbose);
    } catch (ProofFormatException e) {
      return Main.fail(err, e.getMessage(), e, verbose);
    } catch (ProvingKey.KeyMismatchException e) {
      return Main.fail(err, pk + ": " + e.getMessage(), e, verbose);
    } catch (ProvingException | IllegalArgumentException e) {
      return Main.fail(err, describeInputs() + ": " + e.getMessage(), e, verbose);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private String describeInputs() {
    return batchDir != null ? batchDir.toString() : inputs.size() == 1 ? inputs.get(0).toString()
        : inputs.size() + " inputs";
  }

  private int execute(PrintWriter o) throws InputJson.InputException, CliFiles.FileException, ProofFormatException,
      ProvingKey.KeyMismatchException, com.fasterxml.jackson.core.JsonProcessingException {
    long t0 = System.nanoTime();
    List<Path> files = batchDir != null ? CliFiles.jsonFiles(batchDir) : inputs;
    Progress progress = Progress.start(spec, json, "prove", 3);
    ProvingKey key = ProvingKey.read(CliFiles.read(pk), pk.toString());
    VerifyingKey vk = key.verifyingKey();
    List<Path> origins = new ArrayList<>();
    List<long[]> samples = readSamples(files, vk, origins);
    AggregateProver prover = key.prover();
    long t1 = System.nanoTime();
    progress.step("key loaded");
    Proof proof = prover.proveBatch(samples);
    long t2 = System.nanoTime();
    progress.step("proved");
    byte[] bytes = proof.toBytes();
    CliFiles.write(proofPath, bytes);
    List<long[]> outs = Batching.split(vk.circuit(), vk.circuit().outputs(), proof.output(), proof.batch());
    ObjectMapper m = new ObjectMapper();
    if (output != null) {
      ObjectNode od = m.createObjectNode();
      ArrayNode data = od.putArray("output_data");
      for (long[] out : outs) {
        for (float[] y : vk.dequantizeOutputs(out)) {
          floats(data.addArray(), y);
        }
      }
      CliFiles.write(output, m.writeValueAsString(od).getBytes(StandardCharsets.UTF_8));
    }
    progress.done();
    double loadMs = (t1 - t0) / 1e6;
    double proveMs = (t2 - t1) / 1e6;
    if (json) {
      ObjectNode r = m.createObjectNode();
      r.put("proof", proofPath.toString());
      r.put("proof_bytes", bytes.length);
      r.put("load_ms", loadMs);
      r.put("prove_ms", proveMs);
      r.put("batch", proof.batch());
      floats(r.putArray("output"), vk.dequantizeOutputs(outs.get(0)).get(0));
      ArrayNode per = r.putArray("samples");
      for (int k = 0; k < outs.size(); k++) {
        ObjectNode sn = per.addObject();
        sn.put("file", origins.get(k).toString());
        sn.put("input_digest", VerifyCommand.digest(samples.get(k)));
        ArrayNode os = sn.putArray("outputs");
        for (float[] y : vk.dequantizeOutputs(outs.get(k))) {
          floats(os.addArray(), y);
        }
      }
      o.println(r.toString());
    } else {
      for (int k = 0; k < outs.size(); k++) {
        List<float[]> ys = vk.dequantizeOutputs(outs.get(k));
        for (int j = 0; j < ys.size(); j++) {
          o.println((outs.size() > 1 ? "sample " + k + " " : "") + "output" + (ys.size() > 1 ? " " + j : "") + " "
              + preview(ys.get(j)));
        }
      }
      o.printf(Locale.ROOT, "wrote %s (%d bytes, %d input%s): key loaded in %.0f ms, proved in %.0f ms%n", proofPath,
          bytes.length, proof.batch(), proof.batch() == 1 ? "" : "s", loadMs, proveMs);
    }
    return 0;
  }

  /** Every sample of every file, quantized (each sample: the model's inputs one after the other). */
  static List<long[]> readSamples(List<Path> files, VerifyingKey vk) throws InputJson.InputException {
    return readSamples(files, vk, new ArrayList<>());
  }

  /** As {@link #readSamples(List, VerifyingKey)}, adding to {@code origins} the file of each sample. */
  static List<long[]> readSamples(List<Path> files, VerifyingKey vk, List<Path> origins)
      throws InputJson.InputException {
    List<TensorInfo> infos = new ArrayList<>();
    Circuit c = vk.circuit();
    for (String name : c.inputs()) {
      infos.add(new TensorInfo(name, c.tensor(name).shape(), DataType.FLOAT));
    }
    List<long[]> samples = new ArrayList<>();
    for (Path f : files) {
      for (List<float[]> x : InputJson.read(f, infos)) {
        samples.add(vk.quantizeInputs(x));
        origins.add(f);
      }
    }
    if (samples.size() > Batching.MAX_BATCH) {
      throw new InputJson.InputException(files.get(0), samples.size() + " samples; one proof holds at most "
          + Batching.MAX_BATCH);
    }
    return samples;
  }

  static void floats(ArrayNode a, float[] v) {
    for (float f : v) {
      a.add(f);
    }
  }

  static String preview(float[] v) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < Math.min(v.length, 10); i++) {
      sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.4g", v[i]));
    }
    return sb.append(v.length > 10 ? ", ... (" + v.length + " values)]" : "]").toString();
  }
}
