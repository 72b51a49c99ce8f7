package io.deepprove.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deepprove.core.verify.VerificationException;
import io.deepprove.onnx.Graph;
import io.deepprove.onnx.ImportOptions;
import io.deepprove.onnx.OnnxImporter;
import io.deepprove.onnx.examples.ExampleModels;
import io.deepprove.onnx.proto.Onnx.ModelProto;
import io.deepprove.quantizer.IntegerEngine;
import io.deepprove.quantizer.QuantizedGraph;
import io.deepprove.quantizer.Quantizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ONNX model → quantizer → circuit → proof, against the quantizer's integer engine. */
class CompiledModelTest {

  static QuantizedGraph quantize(ModelProto model, int[] inputShape, long seed) throws Exception {
    Graph g = OnnxImporter.importModel(model.toByteArray(), "model.onnx", ImportOptions.defaults());
    int n = 1;
    for (int d : inputShape) {
      n *= d;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    List<List<float[]>> samples = new ArrayList<>();
    for (int s = 0; s < 4; s++) {
      float[] x = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = (float) rng.nextDouble();
      }
      samples.add(List.of(x));
    }
    return Quantizer.quantize(g, samples);
  }

  static void proveAndCompare(QuantizedGraph q, long seed) throws Exception {
    CircuitCompiler.Compiled c = CircuitCompiler.compile(q);
    AggregateFixtures.Model m = AggregateFixtures.commit(c.circuit(), c.weights(), seed);
    int n = q.inputs().get(0).size();
    SplittableRandom rng = new SplittableRandom(seed + 1);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) rng.nextDouble();
    }
    long[] xq = q.quantizeInputs(List.of(x)).get(0);
    long[] engine = new IntegerEngine(q).run(List.of(xq)).outputs().get(0);
    Proof p = m.prover().prove(xq);
    assertArrayEquals(engine, p.output(), "the proved output is the integer engine's");
    m.verifier().verify(Proof.read(p.toBytes(), "proof", AggregateFixtures.PCS));
    // a different claimed output is rejected
    long[] other = p.output();
    other[0] = other[0] == 127 ? 126 : other[0] + 1;
    Proof forged = new Proof(p.vkDigest(), p.input(), other, p.traceCommitment(), p.lookupProof(), p.steps(),
        p.traceOpening(), p.modelOpening());
    assertThrows(VerificationException.class, () -> m.verifier().verify(forged));
  }

  @Test
  void theQuantizerRoundsShiftsToThisProversLimbs() {
    // the quantizer sizes its shifts in whole remainder limbs of the prover's width
    org.junit.jupiter.api.Assertions.assertEquals(Circuit.Requant.LIMB_BITS, io.deepprove.quantizer.Requant.LIMB_BITS);
  }

  @Test
  void smallMlpFromOnnx() throws Exception {
    proveAndCompare(quantize(ExampleModels.mlp("t", new int[] {20, 12, 5}, 9), new int[] {1, 20}, 9), 9);
  }

  @Test
  void smallCnnFromOnnx() throws Exception {
    proveAndCompare(quantize(ExampleModels.cnn("t", 2, 10, new int[] {3}, 3, new int[] {6, 4}, 11),
        new int[] {1, 2, 10, 10}, 11), 11);
  }
}
