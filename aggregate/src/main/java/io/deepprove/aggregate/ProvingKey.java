package io.deepprove.aggregate;

import io.deepprove.commit.BasefoldPcs;
import io.deepprove.commit.ModelCommitment;
import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.codec.ProofFormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prover's key: its verifying key and the quantized weights. The model commitment's prover
 * data is recomputed from the weights when the key is loaded (one commit, cheaper than storing the
 * codewords and Merkle trees — see {@link ModelCommitment}), and the recomputed root must equal the
 * verifying key's: a key whose weights were changed after setup is refused when loaded.
 */
public final class ProvingKey {

  public static final String MAGIC = "DPPK";
  public static final int CURRENT_VERSION = 1;

  private final VerifyingKey vk;
  private final Map<String, long[]> weights;
  private ModelCommitment committed;

  ProvingKey(VerifyingKey vk, Map<String, long[]> weights, ModelCommitment committed) {
    this.vk = vk;
    this.weights = weights;
    this.committed = committed;
  }

  public VerifyingKey verifyingKey() {
    return vk;
  }

  public byte[] toBytes() {
    BinaryWriter w = new BinaryWriter();
    w.writeHeader(MAGIC, CURRENT_VERSION);
    w.writeBytes(vk.toBytes());
    for (Circuit.Tensor t : vk.circuit().tensors(Circuit.Kind.WEIGHT)) {
      w.writeLongArray(weights.get(t.name()));
    }
    return w.toByteArray();
  }

  /** Reads a key; the weights are checked against the verifying key's commitment by {@link #prover()}. */
  public static ProvingKey read(byte[] data, String what) throws ProofFormatException {
    BinaryReader r = new BinaryReader(data, what);
    r.readHeader(MAGIC, CURRENT_VERSION, CURRENT_VERSION);
    VerifyingKey vk = VerifyingKey.read(r.readBytes(1 << 30), what);
    Map<String, long[]> weights = new LinkedHashMap<>();
    for (Circuit.Tensor t : vk.circuit().tensors(Circuit.Kind.WEIGHT)) {
      long[] v = r.readLongArray(1 << 28);
      if (v.length != t.padded().realSize()) {
        throw r.error("weight tensor '" + t.name() + "' has " + v.length + " values, its shape "
            + Arrays.toString(t.shape()) + " needs " + t.padded().realSize());
      }
      weights.put(t.name(), v);
    }
    r.expectEnd();
    return new ProvingKey(vk, weights, null);
  }

  /** The prover; recommits the weights if needed and checks them against the verifying key. */
  public AggregateProver prover() throws KeyMismatchException {
    if (committed == null) {
      ModelCommitment m = commitWeights(vk.circuit(), weights, new BasefoldPcs(vk.params()));
      if (!m.equals(vk.model())) {
        throw new KeyMismatchException("the proving key's weights do not match the commitment in its verifying key");
      }
      committed = m;
    }
    return new AggregateProver(vk.circuit(), new BasefoldPcs(vk.params()), committed, weights, vk.digest());
  }

  static ModelCommitment commitWeights(Circuit c, Map<String, long[]> weights, BasefoldPcs pcs) {
    List<ModelCommitment.Tensor> ts = new ArrayList<>();
    for (Circuit.Tensor t : c.tensors(Circuit.Kind.WEIGHT)) {
      ts.add(new ModelCommitment.Tensor(t.name(), weights.get(t.name()), t.shape()));
    }
    return ModelCommitment.commit(pcs, ts);
  }

  /** Keys that do not belong together. */
  public static final class KeyMismatchException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeyMismatchException(String message) {
      super(message);
    }
  }
}
