package io.deepprove.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepprove.aggregate.AggregateProver;
import io.deepprove.aggregate.Circuit;
import io.deepprove.aggregate.Proof;
import io.deepprove.aggregate.ProvingException;
import io.deepprove.aggregate.ProvingKey;
import io.deepprove.aggregate.VerifyingKey;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.onnx.DataType;
import io.deepprove.onnx.TensorInfo;
import io.deepprove.quantizer.QuantizedGraph;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deepprove prove}: run the quantized model on an input and prove the inference. */
@Command(
    name = "prove",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {"Run the committed model on an input and write one succinct proof of the inference."})
final class ProveCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--input", paramLabel = "X.json", required = true, description = "the input (EZKL JSON)")
  Path input;

  @Option(names = "--pk", paramLabel = "model.pk", defaultValue = "model.pk", description = "proving key (default: model.pk)")
  Path pk;

  @Option(names = "--proof", paramLabel = "proof.bin", defaultValue = "proof.bin", description = "where to write the proof (default: proof.bin)")
  Path proofPath;

  @Option(names = "--output", paramLabel = "out.json", description = "write the output as {\"output_data\": [[...]]}")
  Path output;

  @Option(names = "--json", description = "machine-readable output (one JSON object)")
  boolean json;

  @Option(names = "--verbose", description = "stack traces on errors")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return execute(spec.commandLine().getOut());
    } catch (InputJson.InputException | CliFiles.FileException e) {
      return Main.fail(err, e.getMessage(), e, verbose);
    } catch (ProofFormatException e) {
      return Main.fail(err, e.getMessage(), e, verbose);
    } catch (ProvingKey.KeyMismatchException e) {
      return Main.fail(err, pk + ": " + e.getMessage(), e, verbose);
    } catch (ProvingException e) {
      return Main.fail(err, input + ": " + e.getMessage(), e, verbose);    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private int execute(PrintWriter o) throws InputJson.InputException, CliFiles.FileException, ProofFormatException,
      ProvingKey.KeyMismatchException, com.fasterxml.jackson.core.JsonProcessingException {
    long t0 = System.nanoTime();
    Progress progress = Progress.start(spec, json, "prove", 3);
    ProvingKey key = ProvingKey.read(CliFiles.read(pk), pk.toString());
    VerifyingKey vk = key.verifyingKey();
    AggregateProver prover = key.prover();
    long t1 = System.nanoTime();
    progress.step("key loaded");
    float[] x = readInput(input, vk);
    long[] xq = QuantizedGraph.quantize(x, vk.inputScale());
    Proof proof = prover.prove(xq);
    long t2 = System.nanoTime();
    progress.step("proved");
    byte[] bytes = proof.toBytes();
    CliFiles.write(proofPath, bytes);
    float[] y = QuantizedGraph.dequantize(proof.output(), vk.outputScale());
    ObjectMapper m = new ObjectMapper();
    if (output != null) {
      ObjectNode od = m.createObjectNode();
      floats(od.putArray("output_data").addArray(), y);
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
      floats(r.putArray("output"), y);
      o.println(r.toString());
    } else {
      o.println("output " + preview(y));
      o.printf(Locale.ROOT, "wrote %s (%d bytes): key loaded in %.0f ms, proved in %.0f ms%n", proofPath, bytes.length,
          loadMs, proveMs);
    }
    return 0;
  }

  /** The single input tensor of the key's circuit, read from EZKL JSON. */
  static float[] readInput(Path file, VerifyingKey vk) throws InputJson.InputException {
    Circuit c = vk.circuit();
    Circuit.Tensor t = c.tensor(c.input());
    return InputJson.readOne(file, List.of(new TensorInfo(t.name(), t.shape(), DataType.FLOAT))).get(0);
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
