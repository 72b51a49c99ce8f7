package io.deepprove.aggregate;

import io.deepprove.commit.BasefoldPcs;
import io.deepprove.commit.ModelCommitment;
import io.deepprove.commit.PcsParams;
import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.codec.ProofFormatException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Everything a verifier needs and nothing private: the circuit (shapes, requantization parameters,
 * tables), the commitment parameters, the model commitment (root and tensor layout) and the
 * input/output scales. Its SHA-256 digest is bound into every proof.
 */
public final class VerifyingKey {

  public static final String MAGIC = "DPVK";
  /**
   * Version 2: several public inputs and outputs, each with its scale. Version 3: max-pool window
   * stacks are derived (never committed) and the model commitment may have two parts, so keys of
   * version 2 are refused by their version rather than by a circuit they no longer describe.
   * Version 4: int16 public inputs (tensor kind INPUT16) and 2^16-entry exp tables for them.
   */
  public static final int CURRENT_VERSION = 4;

  /** The commitment presets a key may name. */
  static final List<PcsParams> PRESETS = PcsParams.presets();

  private final Circuit circuit;
  private final PcsParams params;
  private final ModelCommitment model;
  private final double[] inputScales;
  private final double[] outputScales;
  private final byte[] bytes;
  private final byte[] digest;

  VerifyingKey(Circuit circuit, PcsParams params, ModelCommitment model, double[] inputScales,
      double[] outputScales) {
    if (inputScales.length != circuit.inputs().size() || outputScales.length != circuit.outputs().size()) {
      throw new IllegalArgumentException("one scale per public input and output");
    }
    this.circuit = circuit;
    this.params = params;
    this.model = model;
    this.inputScales = inputScales.clone();
    this.outputScales = outputScales.clone();
    BinaryWriter w = new BinaryWriter();
    w.writeHeader(MAGIC, CURRENT_VERSION);
    w.writeString(params.name());
    circuit.write(w);
    for (double d : inputScales) {
      w.writeLong(Double.doubleToLongBits(d));
    }
    for (double d : outputScales) {
      w.writeLong(Double.doubleToLongBits(d));
    }
    model.writePublic(w);
    this.bytes = w.toByteArray();
    this.digest = sha256(bytes);
  }

  public Circuit circuit() {
    return circuit;
  }

  public PcsParams params() {
    return params;
  }

  public ModelCommitment model() {
    return model;
  }

  /** The scale of each public input, in the circuit's order (real value = integer · scale). */
  public double[] inputScales() {
    return inputScales.clone();
  }

  /** The scale of each public output, in the circuit's order. */
  public double[] outputScales() {
    return outputScales.clone();
  }

  /** The scale of the only public input (for one-input models). */
  public double inputScale() {
    if (inputScales.length != 1) {
      throw new IllegalStateException("the model has " + inputScales.length + " inputs");
    }
    return inputScales[0];
  }

  /** The scale of the only public output (for one-output models). */
  public double outputScale() {
    if (outputScales.length != 1) {
      throw new IllegalStateException("the model has " + outputScales.length + " outputs");
    }
    return outputScales[0];
  }

  /**
   * Quantizes one sample's real inputs (one array per public input, in the circuit's order) into the
   * vector a proof states.
   */
  public long[] quantizeInputs(List<float[]> inputs) {
    if (inputs.size() != inputScales.length) {
      throw new IllegalArgumentException(inputs.size() + " inputs given, the model takes " + inputScales.length);
    }
    long[] flat = new long[circuit.realSize(circuit.inputs())];
    int at = 0;
    for (int i = 0; i < inputScales.length; i++) {
      int bits = circuit.tensor(circuit.inputs().get(i)).kind().inputBits();
      long[] q = io.deepprove.quantizer.QuantizedGraph.quantize(inputs.get(i), inputScales[i], bits);
      if (q.length != circuit.tensor(circuit.inputs().get(i)).padded().realSize()) {
        throw new IllegalArgumentException("input '" + circuit.inputs().get(i) + "' takes "
            + circuit.tensor(circuit.inputs().get(i)).padded().realSize() + " values, not " + q.length);
      }
      System.arraycopy(q, 0, flat, at, q.length);
      at += q.length;
    }
    return flat;
  }

  /** One sample's real outputs (one array per public output) from the quantized vector a proof states. */
  public List<float[]> dequantizeOutputs(long[] flat) {
    List<float[]> out = new java.util.ArrayList<>();
    int at = 0;
    for (int i = 0; i < outputScales.length; i++) {
      int n = (int) circuit.tensor(circuit.outputs().get(i)).padded().realSize();
      out.add(io.deepprove.quantizer.QuantizedGraph.dequantize(java.util.Arrays.copyOfRange(flat, at, at + n),
          outputScales[i]));
      at += n;
    }
    return out;
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  /** SHA-256 of the key's bytes. */
  public byte[] digest() {
    return digest.clone();
  }

  /** The model commitment's root, hex. */
  public String commitmentHex() {
    return HexFormat.of().formatHex(model.digest());
  }

  public AggregateVerifier verifier() {
    return new AggregateVerifier(circuit, new BasefoldPcs(params), model, digest);
  }

  public static VerifyingKey read(byte[] data, String what) throws ProofFormatException {
    BinaryReader r = new BinaryReader(data, what);
    VerifyingKey vk = read(r);
    r.expectEnd();
    return vk;
  }

  static VerifyingKey read(BinaryReader r) throws ProofFormatException {
    r.readHeader(MAGIC, CURRENT_VERSION, CURRENT_VERSION);
    String preset = r.readString(64);
    PcsParams params = PRESETS.stream().filter(p -> p.name().equals(preset)).findFirst()
        .orElseThrow(() -> r.error("unknown commitment preset '" + preset + "'"));
    Circuit c = Circuit.read(r);
    double[] in = new double[c.inputs().size()];
    double[] out = new double[c.outputs().size()];
    for (int i = 0; i < in.length; i++) {
      in[i] = scale(r);
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = scale(r);
    }
    ModelCommitment m = ModelCommitment.readPublic(r);
    for (Circuit.Tensor t : c.tensors(Circuit.Kind.WEIGHT)) {
      try {
        m.indexOf(t.name());
      } catch (IllegalArgumentException e) {
        throw r.error("the model commitment has no tensor '" + t.name() + "'");
      }
    }
    if (!m.params().equals(params)) {
      throw r.error("the model commitment's parameters differ from the key's preset");
    }
    return new VerifyingKey(c, params, m, in, out);
  }

  private static double scale(BinaryReader r) throws ProofFormatException {
    double d = Double.longBitsToDouble(r.readLong());
    if (!(d > 0) || Double.isInfinite(d)) {
      throw r.error("scales must be finite and positive");
    }
    return d;
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
