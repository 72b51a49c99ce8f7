package io.deepprove.aggregate;

import io.deepprove.aggregate.Circuit.Kind;
import io.deepprove.aggregate.Circuit.Step;
import io.deepprove.aggregate.Circuit.Tensor;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.poly.Eq;
import io.deepprove.sumcheck.LinearMapSumcheck.MapEvaluation;
import io.deepprove.sumcheck.SparseLinearMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The public maps of a circuit's steps as the verifier evaluates them, in time that does not grow
 * with the batch.
 *
 * <p>A batch's step acts on every sample alike ({@link Batching}). When each sample's block of
 * every tensor the step touches sits at its own value of the batch's variables — the stacked axis
 * of the sample (its first, or the second of a max-pool window stack) is a power of two, so padding
 * the stacked axis pads the batch and nothing else — the batched map is the sample's map M repeated
 * down a diagonal, M_B[(b, o), (b', i)] = [b = b' &lt; B]·M[o, i], with the batch's variables at a
 * fixed position of the output index and first in the input index. Then
 *
 * <pre>  M̃_B(r, ρ) = Σ_{b&lt;B} eq(r_b, b)·eq(ρ_b, b) · M̃(r without r_b, ρ without ρ_b)</pre>
 *
 * which costs O(B + |M|) instead of the O(B·|M|) of listing M_B's entries; constant fills
 * (padding cells) factor the same way with Σ_{b&lt;B} eq(r_b, b). Other steps, and every step of an
 * unbatched circuit, are evaluated from their full map. {@code BatchMapsTest} checks the identity
 * against the full batched map for every kind of step.
 */
final class BatchMaps {

  /** Builds a step's map in a circuit. */
  interface Builder<S extends Step> {
    SparseLinearMap build(Circuit c, S step);
  }

  /** Where a step's map puts the batch's variables in its output index (0: first). */
  interface BatchAt<S extends Step> {
    int at(Circuit sample, S step);
  }

  /** A step's constant fill at a point of its output (the part of the output no input reaches). */
  interface Fill<S extends Step> {
    Ext2 at(Circuit c, S step, Ext2[] point);
  }

  private final Circuit circuit;
  private final Circuit sample;
  private final int batch;
  private final int batchVars;
  private final Map<String, Step> sampleSteps = new HashMap<>();

  private BatchMaps(Circuit circuit, Circuit sample, int batch) {
    this.circuit = circuit;
    this.sample = sample;
    this.batch = batch;
    this.batchVars = 32 - Integer.numberOfLeadingZeros(batch - 1);
    if (sample != null) {
      for (Step s : sample.steps()) {
        sampleSteps.put(s.name(), s);
      }
    }
  }

  /** The maps of an unbatched circuit: each built in full. */
  static BatchMaps single(Circuit c) {
    return new BatchMaps(c, null, 1);
  }

  /** The maps of {@code batched} = {@link Batching#batched}(sample, batch). */
  static BatchMaps of(Circuit sample, Circuit batched, int batch) {
    return new BatchMaps(batched, batch == 1 ? null : sample, batch);
  }

  /** The step's map, as the sample's map on the batch's diagonal where that holds. */
  <S extends Step> MapEvaluation map(S step, Builder<S> build, BatchAt<S> outAt) {
    S s = sampleStep(step);
    if (s == null) {
      return build.build(circuit, step);
    }
    SparseLinearMap m = build.build(sample, s);
    return new Diagonal(this, m, outAt.at(sample, s), m.outVars() + batchVars, m.inVars() + batchVars);
  }

  /** The sample's map m on the batch's diagonal, the batch's variables at {@code outAt} of the output. */
  private record Diagonal(BatchMaps maps, SparseLinearMap m, int outAt, int outVars, int inVars)
      implements MapEvaluation {
    @Override
    public Ext2 at(Ext2[] r, Ext2[] rho) {
      return maps.diagonal(maps.slice(r, outAt), maps.slice(rho, 0)).mul(m.at(maps.rest(r, outAt), maps.rest(rho, 0)));
    }
  }

  /** The step's fill at a point of its output whose batch variables start at {@code outAt}. */
  <S extends Step> Ext2 fill(S step, Fill<S> fill, BatchAt<S> outAt, Ext2[] point) {
    S s = sampleStep(step);
    if (s == null) {
      return fill.at(circuit, step, point);
    }
    int at = outAt.at(sample, s);
    return below(slice(point, at)).mul(fill.at(sample, s, rest(point, at)));
  }

  /** Whether the step's maps are evaluated as the sample's on the batch's diagonal. */
  boolean onDiagonal(Step step) {
    return sampleStep(step) != null;
  }

  /**
   * The sample's step of the same name when the batched step is the sample's on a diagonal, else
   * null. Every non-weight tensor must be stacked along a power-of-two axis, and have exactly the
   * batch's variables more than the sample's tensor.
   */
  @SuppressWarnings("unchecked")
  private <S extends Step> S sampleStep(S step) {
    if (sample == null) {
      return null;
    }
    Step s = sampleSteps.get(step.name());
    if (s == null || s.getClass() != step.getClass()) {
      return null;
    }
    for (String name : s.tensors()) {
      Tensor t = sample.tensor(name);
      if (t.kind() == Kind.WEIGHT) {
        continue;
      }
      int[] shape = t.shape();
      boolean diagonal = Batching.stacked(t)
          ? shape.length >= 2 && Integer.bitCount(shape[1]) == 1
          : shape.length <= 1 || Integer.bitCount(shape[0]) == 1;
      if (!diagonal) {
        return null;
      }
      if (circuit.tensor(name).padded().totalVars() != t.padded().totalVars() + batchVars) {
        return null;
      }
    }
    return (S) s;
  }

  /** Σ_{b&lt;B} eq(a, b)·eq(c, b). */
  private Ext2 diagonal(Ext2[] a, Ext2[] c) {
    long[] ea = Eq.table(a);
    long[] ec = Eq.table(c);
    Ext2 s = Ext2.ZERO;
    for (int b = 0; b < batch; b++) {
      s = s.add(new Ext2(ea[2 * b], ea[2 * b + 1]).mul(new Ext2(ec[2 * b], ec[2 * b + 1])));
    }
    return s;
  }

  /** Σ_{b&lt;B} eq(a, b). */
  private Ext2 below(Ext2[] a) {
    long[] ea = Eq.table(a);
    Ext2 s = Ext2.ZERO;
    for (int b = 0; b < batch; b++) {
      s = s.add(new Ext2(ea[2 * b], ea[2 * b + 1]));
    }
    return s;
  }

  private Ext2[] slice(Ext2[] p, int at) {
    return java.util.Arrays.copyOfRange(p, at, at + batchVars);
  }

  private Ext2[] rest(Ext2[] p, int at) {
    Ext2[] q = new Ext2[p.length - batchVars];
    System.arraycopy(p, 0, q, 0, at);
    System.arraycopy(p, at + batchVars, q, at, p.length - at - batchVars);
    return q;
  }
}
