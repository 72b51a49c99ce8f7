package io.deepprove.commit;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.pcs.OpeningClaim;
import io.deepprove.core.pcs.PolynomialCommitment.Committed;
import io.deepprove.core.poly.Multilinear;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One commitment to all of a model's weights and biases, with the layout that maps a claim about
 * one tensor's multilinear extension to a claim about what was committed.
 *
 * <p><b>Tensor MLE convention.</b> A tensor of shape (d_1, …, d_r) is zero-padded in EVERY
 * dimension to (2^k_1, …, 2^k_r) and read row-major, so its MLE has k_1 + … + k_r variables and a
 * point lists the coordinates of dimension 1 first, each dimension's most significant bit first
 * (the big-endian order of {@link Multilinear}): for a matrix W[row][col], W̃(r_row, r_col).
 * Values are signed integers embedded as v mod p.
 *
 * <p><b>Layout.</b> Each tensor is one polynomial of a {@link BasefoldPcs} commitment; the scheme
 * packs them into one power-of-two polynomial P, largest first, each at an offset aligned to its
 * size ({@link PackedLayout}). The claim "tensor t's MLE is v at r" is {@link #claim}: the opening
 * claim on polynomial {@code indexOf(t)}, which the scheme itself lifts to P at {@link
 * #committedPoint} = (the 0/1 bits of offset_t / size_t over the top variables, then r).
 *
 * <p><b>What goes where.</b> The verifying key holds {@link #writePublic}: the tensor names and
 * shapes and the commitment (root and sizes). The prover data is deterministic in the weights, so
 * the proving key need not store it: recomputing it is one commit (≈ 0.25 s per 2^20 values on two
 * cores) while storing it costs the codeword, coefficients and Merkle tree (≈ 56 MiB per 2^20
 * values at rate 1/4), more to read back from disk than to recompute.
 */
public final class ModelCommitment {

  public static final String MAGIC = "MDLC";
  public static final int CURRENT_VERSION = 1;
  static final int MAX_RANK = 8;
  static final int MAX_NAME_BYTES = 256;

  /** A named weight or bias tensor: signed integer values, row-major, and its shape. */
  public record Tensor(String name, long[] values, int[] shape) {
    public Tensor {
      TensorSpec spec = new TensorSpec(name, shape);
      if (spec.size() != values.length) {
        throw new IllegalArgumentException(
            "tensor " + name + ": shape " + Arrays.toString(shape) + " holds " + spec.size() + " values, got " + values.length);
      }
      values = values.clone();
      shape = shape.clone();
    }

    @Override
    public long[] values() {
      return values.clone();
    }

    @Override
    public int[] shape() {
      return shape.clone();
    }

    public TensorSpec spec() {
      return new TensorSpec(name, shape);
    }

    /** The padded evaluation table of this tensor's MLE (see the class documentation). */
    public long[] mleTable() {
      return paddedTable(values, shape);
    }

    /** This tensor's MLE at {@code point}. */
    public Ext2 evaluate(Ext2[] point) {
      return Multilinear.evaluateBase(mleTable(), point);
    }
  }

  /** A tensor's name and shape: what the verifier knows about it. */
  public record TensorSpec(String name, int[] shape) {
    public TensorSpec {
      if (name == null || name.isEmpty() || name.length() > MAX_NAME_BYTES / 4) {
        throw new IllegalArgumentException("tensor name must have 1.." + MAX_NAME_BYTES / 4 + " characters");
      }
      if (shape.length > MAX_RANK) {
        throw new IllegalArgumentException("tensor " + name + " has rank " + shape.length + " > " + MAX_RANK);
      }
      int vars = 0;
      for (int d : shape) {
        if (d < 1 || d > 1 << 28) {
          throw new IllegalArgumentException("tensor " + name + " has a dimension of " + d);
        }
        vars += log2Ceil(d);
      }
      if (vars > 28) {
        throw new IllegalArgumentException("tensor " + name + " pads to more than 2^28 values");
      }
      shape = shape.clone();
    }

    @Override
    public int[] shape() {
      return shape.clone();
    }

    /** The number of values. */
    public long size() {
      long s = 1;
      for (int d : shape) {
        s *= d;
      }
      return s;
    }

    /** The number of MLE variables: Σ ⌈log2 d_i⌉. */
    public int numVars() {
      int vars = 0;
      for (int d : shape) {
        vars += log2Ceil(d);
      }
      return vars;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof TensorSpec t && name.equals(t.name) && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
      return 31 * name.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
      return name + Arrays.toString(shape);
    }
  }

  private final List<TensorSpec> tensors;
  private final Map<String, Integer> index;
  private final BasefoldCommitment commitment;
  private final BasefoldProverData proverData; // null on the verifier's side

  private ModelCommitment(List<TensorSpec> tensors, BasefoldCommitment commitment, BasefoldProverData proverData) {
    this.tensors = List.copyOf(tensors);
    this.index = new HashMap<>();
    for (int i = 0; i < tensors.size(); i++) {
      if (index.put(tensors.get(i).name(), i) != null) {
        throw new IllegalArgumentException("duplicate tensor name " + tensors.get(i).name());
      }
    }
    int[] numVars = commitment.numVars();
    if (numVars.length != tensors.size()) {
      throw new IllegalArgumentException("commitment holds " + numVars.length + " polynomials for " + tensors.size() + " tensors");
    }
    for (int i = 0; i < numVars.length; i++) {
      if (numVars[i] != tensors.get(i).numVars()) {
        throw new IllegalArgumentException("tensor " + tensors.get(i) + " does not match the commitment");
      }
    }
    this.commitment = commitment;
    this.proverData = proverData;
  }

  /** Commits to {@code tensors} (in this order; names must be unique) with {@code pcs}. */
  public static ModelCommitment commit(BasefoldPcs pcs, List<Tensor> tensors) {
    if (tensors.isEmpty()) {
      throw new IllegalArgumentException("a model commitment needs at least one tensor");
    }
    List<long[]> tables = new ArrayList<>();
    List<TensorSpec> specs = new ArrayList<>();
    for (Tensor t : tensors) {
      tables.add(paddedTable(t.values, t.shape));
      specs.add(t.spec());
    }
    Committed committed = pcs.commit(tables);
    return new ModelCommitment(
        specs, (BasefoldCommitment) committed.commitment(), (BasefoldProverData) committed.proverData());
  }

  public BasefoldCommitment commitment() {
    return commitment;
  }

  /** The prover data; only on the prover's side (a commitment read with {@link #readPublic} has none). */
  public BasefoldProverData proverData() {
    if (proverData == null) {
      throw new IllegalStateException("a model commitment read from a verifying key has no prover data");
    }
    return proverData;
  }

  public List<TensorSpec> tensors() {
    return tensors;
  }

  /** The polynomial index of tensor {@code name} in the commitment. */
  public int indexOf(String name) {
    Integer i = index.get(name);
    if (i == null) {
      throw new IllegalArgumentException("no tensor named " + name);
    }
    return i;
  }

  /** The offset of tensor {@code name}'s padded table in the packed committed polynomial. */
  public int offset(String name) {
    return commitment.layout().offset(indexOf(name));
  }

  /** The opening claim "tensor {@code name}'s MLE equals {@code value} at {@code point}". */
  public OpeningClaim claim(String name, Ext2[] point, Ext2 value) {
    int i = indexOf(name);
    if (point.length != tensors.get(i).numVars()) {
      throw new IllegalArgumentException(
          "tensor " + name + " has " + tensors.get(i).numVars() + " variables, point has " + point.length);
    }
    return new OpeningClaim(i, point, value);
  }

  /** The point of the packed committed polynomial equal to tensor {@code name}'s MLE at {@code point}. */
  public Ext2[] committedPoint(String name, Ext2[] point) {
    return commitment.layout().embedPoint(indexOf(name), point);
  }

  /** Writes the public part (tensor names and shapes, the commitment) for a verifying key. */
  public void writePublic(BinaryWriter w) {
    w.writeHeader(MAGIC, CURRENT_VERSION);
    w.writeLength(tensors.size());
    for (TensorSpec t : tensors) {
      w.writeString(t.name());
      w.writeIntArray(t.shape);
    }
    commitment.write(w);
  }

  /** Reads what {@link #writePublic} wrote: a verifier-side model commitment without prover data. */
  public static ModelCommitment readPublic(BinaryReader r) throws ProofFormatException {
    r.readHeader(MAGIC, CURRENT_VERSION, CURRENT_VERSION);
    int count = r.readLength(5, BasefoldCommitment.MAX_POLYNOMIALS);
    List<TensorSpec> specs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String name = r.readString(MAX_NAME_BYTES);
      int[] shape = r.readIntArray(MAX_RANK);
      try {
        specs.add(new TensorSpec(name, shape));
      } catch (IllegalArgumentException e) {
        throw new ProofFormatException("model commitment: " + e.getMessage());
      }
    }
    BasefoldCommitment commitment = BasefoldCommitment.read(r);
    try {
      return new ModelCommitment(specs, commitment, null);
    } catch (IllegalArgumentException e) {
      throw new ProofFormatException("model commitment: " + e.getMessage());
    }
  }

  /** Zero-pads every dimension to a power of two (row-major) and embeds v ↦ v mod p. */
  static long[] paddedTable(long[] values, int[] shape) {
    int rank = shape.length;
    int[] padded = new int[rank];
    int total = 1;
    for (int k = 0; k < rank; k++) {
      padded[k] = 1 << log2Ceil(shape[k]);
      total *= padded[k];
    }
    long[] out = new long[total];
    int[] idx = new int[rank];
    for (int src = 0; src < values.length; src++) {
      int dst = 0;
      for (int k = 0; k < rank; k++) {
        dst = dst * padded[k] + idx[k];
      }
      out[dst] = Goldilocks.fromSigned(values[src]);
      for (int k = rank - 1; k >= 0; k--) { // row-major odometer over the unpadded shape
        if (++idx[k] < shape[k]) {
          break;
        }
        idx[k] = 0;
      }
    }
    return out;
  }

  static int log2Ceil(int d) {
    return d <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(d - 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelCommitment m && tensors.equals(m.tensors) && commitment.equals(m.commitment);
  }

  @Override
  public int hashCode() {
    return 31 * tensors.hashCode() + commitment.hashCode();
  }
}
