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
  public static final int CURRENT_VERSION = 1;

  /** The commitment presets a key may name. */
  static final List<PcsParams> PRESETS =
      List.of(PcsParams.CONJECTURED_100, PcsParams.CONJECTURED_128, PcsParams.PROVEN_100);

  private final Circuit circuit;
  private final PcsParams params;
  private final ModelCommitment model;
  private final double inputScale;
  private final double outputScale;
  private final byte[] bytes;
  private final byte[] digest;

  VerifyingKey(Circuit circuit, PcsParams params, ModelCommitment model, double inputScale, double outputScale) {
    this.circuit = circuit;
    this.params = params;
    this.model = model;
    this.inputScale = inputScale;
    this.outputScale = outputScale;
    BinaryWriter w = new BinaryWriter();
    w.writeHeader(MAGIC, CURRENT_VERSION);
    w.writeString(params.name());
    w.writeLong(Double.doubleToLongBits(inputScale));
    w.writeLong(Double.doubleToLongBits(outputScale));
    circuit.write(w);
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

  public double inputScale() {
    return inputScale;
  }

  public double outputScale() {
    return outputScale;
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
    return HexFormat.of().formatHex(model.commitment().digest());
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
    double in = Double.longBitsToDouble(r.readLong());
    double out = Double.longBitsToDouble(r.readLong());
    if (!(in > 0) || !(out > 0) || Double.isInfinite(in) || Double.isInfinite(out)) {
      throw r.error("scales must be finite and positive");
    }
    Circuit c = Circuit.read(r);
    ModelCommitment m = ModelCommitment.readPublic(r);
    for (Circuit.Tensor t : c.tensors(Circuit.Kind.WEIGHT)) {
      try {
        m.indexOf(t.name());
      } catch (IllegalArgumentException e) {
        throw r.error("the model commitment has no tensor '" + t.name() + "'");
      }
    }
    if (!m.commitment().params().equals(params)) {
      throw r.error("the model commitment's parameters differ from the key's preset");
    }
    return new VerifyingKey(c, params, m, in, out);
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
