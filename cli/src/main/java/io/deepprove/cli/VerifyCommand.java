package io.deepprove.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepprove.aggregate.AggregateCheck;
import io.deepprove.aggregate.Batching;
import io.deepprove.aggregate.Proof;
import io.deepprove.aggregate.VerifyingKey;
import io.deepprove.commit.BasefoldPcs;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.verify.VerificationException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deepprove verify}: check a proof against a verifying key (and optionally an input). */
@Command(
    name = "verify",
    header = "Check a proof with the verifying key; print the model commitment, inputs and outputs.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {"Check that the committed model produced the proof's output on its input.",
        "Exit 0: valid. Exit 1: invalid (the failed check is printed).",
        "Exit 2: a file that cannot be read or parsed (a missing, truncated or corrupt proof, key or input)."})
final class VerifyCommand implements Callable<Integer> {

  static final int EXIT_INVALID = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PROOF", defaultValue = "proof.bin", description = "the proof (default: proof.bin)")
  Path proofPath;

  @Option(names = "--vk", paramLabel = "model.vk", defaultValue = "model.vk", description = "verifying key (default: model.vk)")
  Path vkPath;

  @Option(names = "--input", paramLabel = "X.json",
      description = "also check that the proof is about exactly these inputs, in this order (repeatable)")
  List<Path> inputs = new ArrayList<>();

  @Option(names = "--json", description = "machine-readable output (one JSON object)")
  boolean json;

  @Option(names = "--verbose", description = "stack traces on errors")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter o = spec.commandLine().getOut();
    VerifyingKey vk;
    Proof proof;
    try {
      vk = VerifyingKey.read(CliFiles.read(vkPath), vkPath.toString());
      byte[] bytes = CliFiles.read(proofPath);
      try {
        proof = Proof.read(bytes, proofPath.toString(), new BasefoldPcs(vk.params()));
      } catch (ProofFormatException e) {
        // a proof that does not parse is bad input (exit 2), not a proof that failed a check
        return reject(o, err, "malformed proof: " + e.getMessage(), e, Main.EXIT_USAGE);
      }
    } catch (CliFiles.FileException | ProofFormatException e) {
      return Main.fail(err, e.getMessage(), e, verbose);
    }
    long t0 = System.nanoTime();
    List<Path> origins = new ArrayList<>();
    try {
      vk.verifier().verify(proof);
      if (!inputs.isEmpty()) {
        List<long[]> expected = ProveCommand.readSamples(inputs, vk, origins);
        String given = inputs.size() == 1 ? inputs.get(0).toString() : String.join(", ", inputs.stream()
            .map(Path::toString).toList());
        if (expected.size() != proof.batch()) {
          throw new VerificationException(AggregateCheck.EXPECTED_INPUT, "the proof covers " + proof.batch()
              + " input" + (proof.batch() == 1 ? "" : "s") + ", " + given + " hold" + (inputs.size() == 1 ? "s " : " ")
              + expected.size());
        }
        if (!Arrays.equals(Batching.join(vk.circuit(), vk.circuit().inputs(), expected), proof.input())) {
          throw new VerificationException(AggregateCheck.EXPECTED_INPUT, "the proof is about other inputs than "
              + given);
        }
      }
    } catch (VerificationException e) {
      return reject(o, err, e.getMessage(), e, EXIT_INVALID);
    } catch (InputJson.InputException e) {
      return Main.fail(err, e.getMessage(), e, verbose);
    }
    double ms = (System.nanoTime() - t0) / 1e6;
    List<long[]> ins = Batching.split(vk.circuit(), vk.circuit().inputs(), proof.input(), proof.batch());
    List<long[]> outs = Batching.split(vk.circuit(), vk.circuit().outputs(), proof.output(), proof.batch());
    if (json) {
      ObjectMapper m = new ObjectMapper();
      ObjectNode r = m.createObjectNode();
      r.put("valid", true);
      r.put("model_commitment", vk.commitmentHex());
      r.put("batch", proof.batch());
      r.put("input_digest", digest(ins.get(0)));
      ProveCommand.floats(r.putArray("output"), vk.dequantizeOutputs(outs.get(0)).get(0));
      ArrayNode per = r.putArray("samples");
      for (int k = 0; k < ins.size(); k++) {
        ObjectNode sn = per.addObject();
        if (!origins.isEmpty()) {
          sn.put("file", origins.get(k).toString());
        }
        sn.put("input_digest", digest(ins.get(k)));
        ArrayNode os = sn.putArray("outputs");
        for (float[] y : vk.dequantizeOutputs(outs.get(k))) {
          ProveCommand.floats(os.addArray(), y);
        }
      }
      r.put("verify_ms", ms);
      o.println(r.toString());
    } else {
      o.println("proof valid" + (proof.batch() > 1 ? " for a batch of " + proof.batch() + " inputs" : ""));
      o.println("model commitment " + vk.commitmentHex());
      for (int k = 0; k < ins.size(); k++) {
        String p = proof.batch() > 1 ? "sample " + k + " " : "";
        o.println(p + "input digest     " + digest(ins.get(k)));
        List<float[]> ys = vk.dequantizeOutputs(outs.get(k));
        for (int j = 0; j < ys.size(); j++) {
          o.println(p + (ys.size() > 1 ? String.format(Locale.ROOT, "output %-9d", j) : "output           ")
              + ProveCommand.preview(ys.get(j)));
        }
      }
      o.printf(Locale.ROOT, "verified in %.1f ms%n", ms);
    }
    return 0;
  }

  /** Prints why the proof is refused (and the JSON verdict under --json); returns {@code code}. */
  private int reject(PrintWriter o, PrintWriter err, String why, Exception e, int code) {
    if (json) {
      ObjectNode r = new ObjectMapper().createObjectNode();
      r.put("valid", false);
      r.put("reason", why);
      o.println(r.toString());
    }
    err.println(proofPath + (code == EXIT_INVALID ? ": proof INVALID: " : ": ") + why);
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /** SHA-256 of the quantized input (8 bytes per value, big-endian), hex. */
  static String digest(long[] values) {
    try {
      ByteBuffer b = ByteBuffer.allocate(8 * values.length);
      for (long v : values) {
        b.putLong(v);
      }
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
