package io.deepprove.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepprove.aggregate.AggregateProver;
import io.deepprove.aggregate.AggregateVerifier;
import io.deepprove.aggregate.Batching;
import io.deepprove.aggregate.CircuitException;
import io.deepprove.aggregate.Proof;
import io.deepprove.aggregate.ProvingException;
import io.deepprove.aggregate.ProvingKey;
import io.deepprove.aggregate.Setup;
import io.deepprove.aggregate.VerifyingKey;
import io.deepprove.commit.BasefoldPcs;
import io.deepprove.commit.PcsParams;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.verify.VerificationException;
import io.deepprove.onnx.Graph;
import io.deepprove.onnx.ImportOptions;
import io.deepprove.onnx.ModelImportException;
import io.deepprove.onnx.OnnxImporter;
import io.deepprove.onnx.TensorInfo;
import io.deepprove.quantizer.IntegerEngine;
import io.deepprove.quantizer.QuantizationException;
import io.deepprove.quantizer.QuantizedGraph;
import io.deepprove.quantizer.Quantizer;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deepprove bench MODEL.onnx}: setup once, then prove and verify {@code --runs} times in one
 * JVM after warm-up and print the medians; {@code bench pcs} and {@code bench lookup} measure the
 * components. With {@code --json} every benchmark prints one JSON object whose keys are part of the
 * CLI contract.
 */
@Command(
    name = "bench",
    header = "Benchmark setup, prove and verify of a model, or a component (pcs, lookup).",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    subcommands = {BenchPcsCommand.class, BenchLookupCommand.class},
    description = {"Measure setup, prove and verify of a model on this machine (medians after warm-up),",
        "or a component with `bench pcs` / `bench lookup`."})
final class BenchCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL.onnx", description = "the model to benchmark")
  Path model;

  @Option(names = "--input", paramLabel = "X.json", description = "the input (default: drawn uniformly from [0, 1))")
  Path input;

  @Option(names = "--calibration", paramLabel = "CAL.json", description = "calibration inputs (default: 8 drawn from [0, 1))")
  Path calibration;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "5", description = "timed runs (default: 5)")
  int runs;

  /**
   * Without --warmups, untimed runs go on for this many seconds, at least {@link #AUTO_WARMUP_MIN}
   * and at most {@link #AUTO_WARMUP_MAX} of them: the prover's code is only compiled by the JIT
   * after tens of runs of a small model (mlp-mnist: 45–55 ms after 2 warm-ups, 30 ms after 30).
   */
  static final double AUTO_WARMUP_SECONDS = 5;

  static final int AUTO_WARMUP_MIN = 2;

  static final int AUTO_WARMUP_MAX = 30;

  @Option(names = "--warmups", paramLabel = "N",
      description = "untimed runs first (default: as many as fit in 5 s, at least 2 and at most 30, so that the "
          + "JIT has compiled the prover: small models need tens of runs)")
  Integer warmups;

  @Option(names = "--batch", paramLabel = "B", defaultValue = "1",
      description = "inputs per proof (default: 1); the batch repeats --input, or draws B random inputs without it")
  int batch;

  @Option(names = "--json", description = "machine-readable output (one JSON object)")
  boolean json;

  @Option(names = "--verbose", description = "stack traces on errors")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (model == null) {
      spec.commandLine().usage(spec.commandLine().getOut());
      return 0;
    }
    if (runs < 1 || warmups != null && warmups < 0) {
      return Main.fail(err, "bench: --runs must be at least 1 and --warmups at least 0", null, false);
    }
    if (batch < 1 || batch > Batching.MAX_BATCH) {
      return Main.fail(err, "bench: --batch must be between 1 and " + Batching.MAX_BATCH, null, false);
    }
    try {
      return execute(spec.commandLine().getOut());
    } catch (ModelImportException | InputJson.InputException e) {
      return Main.fail(err, e.getMessage(), e, verbose);
    } catch (QuantizationException | CircuitException | ProvingKey.KeyMismatchException | ProvingException e) {
      return Main.fail(err, model + ": " + e.getMessage(), e, verbose);
    } catch (VerificationException | ProofFormatException e) {
      throw new IllegalStateException("an honest proof did not verify: " + e.getMessage(), e);
    }
  }

  private int execute(PrintWriter o) throws ModelImportException, InputJson.InputException, QuantizationException,
      CircuitException, ProvingKey.KeyMismatchException, VerificationException, ProofFormatException {
    Graph graph = OnnxImporter.importModel(model, ImportOptions.defaults());
    List<List<float[]>> samples = calibration != null ? InputJson.read(calibration, graph.inputs()) : random(graph.inputs(), 8, 1);
    List<List<float[]>> xs = new ArrayList<>();
    if (input != null) {
      List<float[]> x = InputJson.readOne(input, graph.inputs());
      for (int k = 0; k < batch; k++) {
        xs.add(x);
      }
    } else {
      xs = random(graph.inputs(), batch, 2);
    }
    resetPeaks();
    long s0 = System.nanoTime();
    QuantizedGraph q = Quantizer.quantize(graph, samples);
    ProvingKey pk = Setup.run(q, PcsParams.DEFAULT);
    double setupMs = (System.nanoTime() - s0) / 1e6;
    VerifyingKey vk = pk.verifyingKey();
    AggregateProver prover = pk.prover();
    AggregateVerifier verifier = vk.verifier();
    BasefoldPcs pcs = new BasefoldPcs(vk.params());
    IntegerEngine engine = new IntegerEngine(q);
    List<List<long[]>> engineInputs = new ArrayList<>();
    List<long[]> proverInputs = new ArrayList<>();
    for (List<float[]> x : xs) {
      engineInputs.add(q.quantizeInputs(x));
      proverInputs.add(vk.quantizeInputs(x));
    }
    double[] prove = new double[runs];
    double[] verify = new double[runs];
    double[] infer = new double[runs];
    int proofBytes = 0;
    long warmStart = System.nanoTime();
    int warmed = 0;
    while (warmups != null ? warmed < warmups : warmed < AUTO_WARMUP_MIN
        || warmed < AUTO_WARMUP_MAX && System.nanoTime() - warmStart < AUTO_WARMUP_SECONDS * 1e9) {
      for (List<long[]> x : engineInputs) {
        engine.run(x);
      }
      verifier.verify(Proof.read(prover.proveBatch(proverInputs).toBytes(), "proof", pcs));
      warmed++;
    }
    for (int i = 0; i < runs; i++) {
      long a = System.nanoTime();
      for (List<long[]> x : engineInputs) {
        engine.run(x);
      }
      long b = System.nanoTime();
      Proof p = prover.proveBatch(proverInputs);
      long c = System.nanoTime();
      byte[] bytes = p.toBytes();
      verifier.verify(Proof.read(bytes, "proof", pcs));
      long d = System.nanoTime();
      infer[i] = (b - a) / 1e6;
      prove[i] = (c - b) / 1e6;
      verify[i] = (d - c) / 1e6;
      proofBytes = bytes.length;
    }
    double proveMs = median(prove);
    double verifyMs = median(verify);
    double inferMs = median(infer);
    long peakMb = peakHeapBytes() >> 20;
    int threads = Runtime.getRuntime().availableProcessors();
    if (json) {
      ObjectNode r = new ObjectMapper().createObjectNode();
      r.put("setup_ms", setupMs);
      r.put("prove_ms", proveMs);
      r.put("verify_ms", verifyMs);
      r.put("proof_bytes", proofBytes);
      r.put("infer_ms", inferMs);
      r.put("ratio", proveMs / inferMs);
      r.put("peak_heap_mb", peakMb);
      r.put("threads", threads);
      o.println(r.toString());
    } else {
      o.printf(Locale.ROOT, "%s: %d proof steps, batch of %d, medians of %d runs after %d warm-ups%n", model,
          vk.circuit().steps().size(), batch, runs, warmed);
      o.printf(Locale.ROOT, "setup  %10.1f ms%nprove  %10.1f ms%nverify %10.1f ms%nproof  %10d bytes%n", setupMs,
          proveMs, verifyMs, proofBytes);
      o.printf(Locale.ROOT, "infer  %10.2f ms (integer engine; prove/infer = %.0f)%npeak heap %d MiB, %d threads%n",
          inferMs, proveMs / inferMs, peakMb, threads);
    }
    return 0;
  }

  private static List<List<float[]>> random(List<TensorInfo> inputs, int count, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<List<float[]>> s = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      List<float[]> sample = new ArrayList<>();
      for (TensorInfo t : inputs) {
        int n = 1;
        for (int d : t.shape()) {
          n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
          v[i] = (float) rng.nextDouble();
        }
        sample.add(v);
      }
      s.add(sample);
    }
    return s;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  /** Sum of the heap pools' peaks since {@link #resetPeaks} (an upper bound of the peak heap in use). */
  private static long peakHeapBytes() {
    long s = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        s += p.getPeakUsage().getUsed();
      }
    }
    return s;
  }
}
