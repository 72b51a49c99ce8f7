package io.deepprove.commit;

import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.pcs.OpeningClaim;
import io.deepprove.core.pcs.PolynomialCommitment.Committed;
import io.deepprove.core.poly.Multilinear;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
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
 * <p><b>Two parts.</b> Padding the packed total to a power of two can nearly double it (dense-4m's
 * 4,206,595 weights pack into 2^22 + 2^15 values, which one polynomial would pad to 2^23), and the
 * opening's cost is linear in the committed size. When the tensors beyond the largest power of two
 * they fill pad to at most half of it, they go into a second commitment ({@link #parts()}), which
 * the same claims open with a second, much smaller opening proof ({@link #open}). Tensors are
 * assigned to parts by size alone, so prover and verifier derive the split from the shapes.
 *
 * <p><b>What goes where.</b> The verifying key holds {@link #writePublic}: the tensor names and
 * shapes and the commitment (root and sizes). The prover data is deterministic in the weights, so
 * the proving key need not store it. Measured here for 2^20 values at the default rate 1/2:
 * storing it costs ≈ 32 MiB (evaluations, codeword, Merkle tree) that take ≈ 30 ms to read back
 * from the page cache but 0.2–0.6 s cold; recomputing it is one {@link #commit}, ≈ 0.17 s of CPU
 * (≈ 0.1 s on two idle cores). The proving key therefore keeps only the weights (a 32× smaller
 * file) and commits again when it is loaded; a prover serving many inputs keeps the result in
 * memory across proofs.
 *
 * <p><b>Padding.</b> The padded entries are committed like the others (as zeros by {@link
 * #commit}); the commitment binds the prover to them, but a verifier cannot see that they are zero.
 * Protocols whose soundness needs zero padding must establish it themselves.
 */
public final class ModelCommitment {

  public static final String MAGIC = "MDLC";
  public static final int CURRENT_VERSION = 2;

  /** The most parts a model commitment has (see the class documentation). */
  static final int MAX_PARTS = 2;
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
  private final int[][] members; // per part, its tensors' indices in commitment order
  private final int[] partOf;
  private final int[] localIndex;
  private final List<BasefoldCommitment> parts;
  private final List<BasefoldProverData> proverData; // null on the verifier's side

  private ModelCommitment(List<TensorSpec> tensors, List<BasefoldCommitment> parts,
      List<BasefoldProverData> proverData) {
    this.tensors = List.copyOf(tensors);
    this.index = new HashMap<>();
    for (int i = 0; i < tensors.size(); i++) {
      if (index.put(tensors.get(i).name(), i) != null) {
        throw new IllegalArgumentException("duplicate tensor name " + tensors.get(i).name());
      }
    }
    this.members = split(tensors);
    if (parts.size() != members.length) {
      throw new IllegalArgumentException("the tensors split into " + members.length + " parts, the commitment has "
          + parts.size());
    }
    this.partOf = new int[tensors.size()];
    this.localIndex = new int[tensors.size()];
    for (int p = 0; p < members.length; p++) {
      int[] numVars = parts.get(p).numVars();
      if (numVars.length != members[p].length) {
        throw new IllegalArgumentException("commitment part " + p + " holds " + numVars.length + " polynomials for "
            + members[p].length + " tensors");
      }
      for (int k = 0; k < numVars.length; k++) {
        int t = members[p][k];
        if (numVars[k] != tensors.get(t).numVars()) {
          throw new IllegalArgumentException("tensor " + tensors.get(t) + " does not match the commitment");
        }
        partOf[t] = p;
        localIndex[t] = k;
      }
    }
    this.parts = List.copyOf(parts);
    this.proverData = proverData == null ? null : List.copyOf(proverData);
  }

  /**
   * The tensors of each part, by size alone: one part, unless the tensors beyond the largest power of
   * two 2^h ≤ total (taken largest first, they fill it exactly) pad to at most 2^(h−1).
   */
  static int[][] split(List<TensorSpec> tensors) {
    int n = tensors.size();
    Integer[] order = new Integer[n];
    long total = 0;
    for (int i = 0; i < n; i++) {
      order[i] = i;
      total += 1L << tensors.get(i).numVars();
    }
    java.util.Arrays.sort(order, (a, b) -> Integer.compare(tensors.get(b).numVars(), tensors.get(a).numVars()));
    long head = Long.highestOneBit(total);
    long rest = total - head;
    long restPadded = Long.highestOneBit(rest) == rest ? rest : Long.highestOneBit(rest) << 1;
    if (rest == 0 || restPadded > head / 2) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      return new int[][] {all};
    }
    // sizes are powers of two taken largest first: the running sum lands exactly on head
    List<Integer> first = new ArrayList<>();
    List<Integer> second = new ArrayList<>();
    long sum = 0;
    for (int i : order) {
      if (sum < head) {
        first.add(i);
        sum += 1L << tensors.get(i).numVars();
      } else {
        second.add(i);
      }
    }
    if (sum != head) {
      throw new IllegalStateException("power-of-two tensors did not fill 2^" + Long.numberOfTrailingZeros(head));
    }
    first.sort(null);
    second.sort(null);
    return new int[][] {first.stream().mapToInt(Integer::intValue).toArray(),
        second.stream().mapToInt(Integer::intValue).toArray()};
  }

  /** Commits to {@code tensors} (in this order; names must be unique) with {@code pcs}. */
  public static ModelCommitment commit(BasefoldPcs pcs, List<Tensor> tensors) {
    if (tensors.isEmpty()) {
      throw new IllegalArgumentException("a model commitment needs at least one tensor");
    }
    List<TensorSpec> specs = new ArrayList<>();
    for (Tensor t : tensors) {
      specs.add(t.spec());
    }
    List<BasefoldCommitment> parts = new ArrayList<>();
    List<BasefoldProverData> data = new ArrayList<>();
    for (int[] part : split(specs)) {
      List<long[]> tables = new ArrayList<>();
      for (int t : part) {
        tables.add(paddedTable(tensors.get(t).values, tensors.get(t).shape));
      }
      Committed committed = pcs.commit(tables);
      parts.add((BasefoldCommitment) committed.commitment());
      data.add((BasefoldProverData) committed.proverData());
    }
    return new ModelCommitment(specs, parts, data);
  }

  /** The commitments the tensors are split into (one or two; see the class documentation). */
  public List<BasefoldCommitment> parts() {
    return parts;
  }

  /** The parameters every part was made with. */
  public PcsParams params() {
    return parts.get(0).params();
  }

  /**
   * One digest for the whole model: the root of a one-part commitment, else SHA-256 over a label
   * and the parts' roots.
   */
  public byte[] digest() {
    if (parts.size() == 1) {
      return parts.get(0).digest();
    }
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      md.update("deepprove/model-commitment/parts".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      for (BasefoldCommitment c : parts) {
        md.update(c.digest());
      }
      return md.digest();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private List<BasefoldProverData> proverData() {
    if (proverData == null) {
      throw new IllegalStateException("a model commitment read from a verifying key has no prover data");
    }
    return proverData;
  }

  /** The opening proofs of a model commitment: one per part that the claims touch, in part order. */
  public record Opening(List<BasefoldProof> proofs) implements io.deepprove.core.pcs.OpeningProof {
    public Opening {
      proofs = List.copyOf(proofs);
    }

    @Override
    public void write(BinaryWriter w) {
      w.writeLength(proofs.size());
      for (BasefoldProof p : proofs) {
        p.write(w);
      }
    }

    /** Reads what {@link #write} wrote. */
    public static Opening read(BinaryReader r) throws ProofFormatException {
      int count = r.readLength(1, MAX_PARTS);
      List<BasefoldProof> proofs = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        proofs.add(BasefoldProof.read(r));
      }
      return new Opening(proofs);
    }
  }

  /**
   * Opens claims made by {@link #claim} (on the prover's side): each part with claims gets one
   * batched opening of its own, in part order, on the same transcript.
   */
  public Opening open(BasefoldPcs pcs, List<OpeningClaim> claims, Transcript transcript) {
    List<List<OpeningClaim>> byPart = byPart(claims);
    List<BasefoldProof> proofs = new ArrayList<>();
    for (int p = 0; p < parts.size(); p++) {
      if (!byPart.get(p).isEmpty()) {
        proofs.add(pcs.open(proverData().get(p), byPart.get(p), transcript));
      }
    }
    return new Opening(proofs);
  }

  /** Checks an {@link Opening} of claims made by {@link #claim}. */
  public void verify(BasefoldPcs pcs, List<OpeningClaim> claims, Opening opening, Transcript transcript)
      throws VerificationException {
    List<List<OpeningClaim>> byPart = byPart(claims);
    int expected = 0;
    for (List<OpeningClaim> c : byPart) {
      expected += c.isEmpty() ? 0 : 1;
    }
    if (opening.proofs().size() != expected) {
      throw new VerificationException(PcsCheck.CLAIM_SHAPE, "the model opening has " + opening.proofs().size()
          + " part proofs, the claims touch " + expected + " parts");
    }
    int k = 0;
    for (int p = 0; p < parts.size(); p++) {
      if (!byPart.get(p).isEmpty()) {
        pcs.verify(parts.get(p), byPart.get(p), opening.proofs().get(k++), transcript);
      }
    }
  }

  /** Claims on tensors (global indices) as claims on each part's polynomials, order kept. */
  private List<List<OpeningClaim>> byPart(List<OpeningClaim> claims) {
    List<List<OpeningClaim>> byPart = new ArrayList<>();
    for (int p = 0; p < parts.size(); p++) {
      byPart.add(new ArrayList<>());
    }
    for (OpeningClaim c : claims) {
      int t = c.polynomial();
      if (t < 0 || t >= tensors.size()) {
        throw new IllegalArgumentException("a claim on tensor " + t + " of " + tensors.size());
      }
      byPart.get(partOf[t]).add(new OpeningClaim(localIndex[t], c.point(), c.value()));
    }
    return byPart;
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

  /** The part of the commitment that holds tensor {@code name}. */
  public int partOf(String name) {
    return partOf[indexOf(name)];
  }

  /** The offset of tensor {@code name}'s padded table in its part's packed committed polynomial. */
  public int offset(String name) {
    int i = indexOf(name);
    return parts.get(partOf[i]).layout().offset(localIndex[i]);
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

  /** The point of its part's packed polynomial equal to tensor {@code name}'s MLE at {@code point}. */
  public Ext2[] committedPoint(String name, Ext2[] point) {
    int i = indexOf(name);
    return parts.get(partOf[i]).layout().embedPoint(localIndex[i], point);
  }

  /** Writes the public part (tensor names and shapes, the commitment) for a verifying key. */
  public void writePublic(BinaryWriter w) {
    w.writeHeader(MAGIC, CURRENT_VERSION);
    w.writeLength(tensors.size());
    for (TensorSpec t : tensors) {
      w.writeString(t.name());
      w.writeIntArray(t.shape);
    }
    w.writeLength(parts.size());
    for (BasefoldCommitment c : parts) {
      c.write(w);
    }
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
    int partCount = r.readLength(1, MAX_PARTS);
    List<BasefoldCommitment> parts = new ArrayList<>();
    for (int p = 0; p < partCount; p++) {
      parts.add(BasefoldCommitment.read(r));
      if (!parts.get(p).params().equals(parts.get(0).params())) {
        throw new ProofFormatException("model commitment: parts made with different parameters");
      }
    }
    try {
      return new ModelCommitment(specs, parts, null);
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
    return o instanceof ModelCommitment m && tensors.equals(m.tensors) && parts.equals(m.parts);
  }

  @Override
  public int hashCode() {
    return 31 * tensors.hashCode() + parts.hashCode();
  }
}
