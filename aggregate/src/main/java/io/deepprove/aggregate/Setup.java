package io.deepprove.aggregate;

import io.deepprove.commit.BasefoldPcs;
import io.deepprove.commit.ModelCommitment;
import io.deepprove.commit.PcsParams;
import io.deepprove.quantizer.QuantizedGraph;

/** Setup: compile the quantized model, commit to its weights, make the keys. */
public final class Setup {

  private Setup() {}

  public static ProvingKey run(QuantizedGraph graph, PcsParams params) throws CircuitException {
    CircuitCompiler.Compiled c = CircuitCompiler.compile(graph);
    ModelCommitment m = ProvingKey.commitWeights(c.circuit(), c.weights(), new BasefoldPcs(params));
    VerifyingKey vk = new VerifyingKey(c.circuit(), params, m, c.inputScales(), c.outputScales());
    return new ProvingKey(vk, c.weights(), m);
  }
}
